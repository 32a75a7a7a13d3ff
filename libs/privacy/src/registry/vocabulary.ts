/** The registry's vocabulary: roles, purposes, consent purposes, channels, lines of business and data categories. */

export const ROLES = ['admin', 'broker', 'marketing', 'manager', 'accountant', 'dpo'] as const;
export type Role = (typeof ROLES)[number];

export const PURPOSES = [
  'offer_preparation',
  'contract_performance',
  'claims',
  'marketing',
  'renewal_reminders',
  'client_contact',
  'legal_obligation',
  'security_audit',
  'data_subject_rights',
  'insurer_mandate',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const CONSENT_PURPOSES = ['marketing', 'renewal_reminders', 'client_contact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CHANNELS = ['email', 'phone', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LINES_OF_BUSINESS = [
  'motor',
  'home',
  'travel',
  'life',
  'health',
  'property',
  'liability',
] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];

/** Names of the lines of business, for the documents the registry generates. */
export const LINE_OF_BUSINESS_NAMES: Record<LineOfBusiness, { en: string; pl: string }> = {
  motor: { en: 'motor', pl: 'komunikacyjne' },
  home: { en: 'home', pl: 'mieszkaniowe' },
  travel: { en: 'travel', pl: 'turystyczne' },
  life: { en: 'life', pl: 'na życie' },
  health: { en: 'health', pl: 'zdrowotne' },
  property: { en: 'property', pl: 'majątkowe' },
  liability: { en: 'liability', pl: 'odpowiedzialności cywilnej' },
};

/**
 * Lines whose mere holding says something about the person's health (art. 9 GDPR, special
 * categories): a life or health policy, or a request for one. No consent-based mailing selects by them.
 */
export const SPECIAL_CATEGORY_LINES: readonly LineOfBusiness[] = ['life', 'health'];

/** Attributes of a client's contracts and offer requests by which a mailing's audience may be selected. */
export const AUDIENCE_ATTRIBUTES = {
  lineOfBusiness: {
    en: 'the lines of business of the insurance contracts and offer requests',
    pl: 'rodzaje ubezpieczeń zawartych umów i zapytań ofertowych',
  },
} as const;
export type AudienceAttribute = keyof typeof AUDIENCE_ATTRIBUTES;

/** Categories of personal data (§2 of the policy). */
export const DATA_CATEGORIES = {
  identity: { en: 'first and last name', pl: 'imię i nazwisko' },
  email: { en: 'e-mail address', pl: 'adres e-mail' },
  phone: { en: 'telephone number', pl: 'numer telefonu' },
  postal_address: { en: 'correspondence address', pl: 'adres korespondencyjny' },
  birth_date: { en: 'date of birth', pl: 'data urodzenia' },
  national_id: { en: 'PESEL number', pl: 'numer PESEL' },
  contact_preferences: { en: 'language of correspondence', pl: 'język korespondencji' },
  insurance_needs: { en: 'insurance needs and offers', pl: 'potrzeby ubezpieczeniowe i oferty' },
  contract: { en: 'insurance contract data', pl: 'dane umowy ubezpieczenia' },
  financial: { en: 'premiums and commissions', pl: 'składki i prowizje' },
  claim: {
    en: 'claims: loss, its description and the insurer’s handling',
    pl: 'szkody: zdarzenie, jego opis i przebieg likwidacji',
  },
  client_interactions: {
    en: 'calls, meetings, notes and tasks about the client',
    pl: 'rozmowy, spotkania, notatki i zadania dotyczące klienta',
  },
  documents: {
    en: 'documents and their files (policies, signed forms, claim photos, identity documents)',
    pl: 'dokumenty i ich pliki (polisy, podpisane formularze, zdjęcia szkód, kopie dokumentów tożsamości)',
  },
  company_function: {
    en: 'function held for a company (e.g. management board member, proxy)',
    pl: 'funkcja pełniona w firmie (np. członek zarządu, pełnomocnik)',
  },
} as const;
export type DataCategory = keyof typeof DATA_CATEGORIES;
