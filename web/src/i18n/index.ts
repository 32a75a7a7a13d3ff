import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import pl from './pl.json';

type Messages = { [key: string]: string | Messages };

/**
 * Each area of the app may keep its words in `<area>.pl.json` and `<area>.en.json` beside the
 * common files; they are merged key by key into one translation per language, so areas built side
 * by side do not edit the same file.
 */
const areaFiles = import.meta.glob<Messages>('./*.{pl,en}.json', { eager: true, import: 'default' });

function merge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      typeof value === 'object' && typeof existing === 'object' ? merge({ ...existing }, value) : value;
  }
  return target;
}

function translation(language: 'pl' | 'en', common: Messages): Messages {
  let result: Messages = { ...common };
  for (const [path, messages] of Object.entries(areaFiles)) {
    if (path.endsWith(`.${language}.json`)) result = merge(result, messages);
  }
  return result;
}

export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'consentry.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return stored === 'en' ? 'en' : 'pl';
}

void i18n.use(initReactI18next).init({
  resources: {
    pl: { translation: translation('pl', pl) },
    en: { translation: translation('en', en) },
  },
  lng: initialLanguage(),
  fallbackLng: 'pl',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export function setLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
