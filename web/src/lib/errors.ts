import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** The API's error in the user's language: its code mapped to a sentence, else its own message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const vars = { message: error.message, fields: error.fields.join(', '), status: error.status };
    if (error.code && t(`errors.${error.code}`, { defaultValue: '' })) return t(`errors.${error.code}`, vars);
    return t('errors.generic', vars);
  }
  if (error instanceof TypeError) return t('errors.network');
  return error instanceof Error ? error.message : String(error);
}
