/** The personal fields a mandate may entrust to the broker, and what happens to its persons when it ends. */
export const MANDATE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'dateOfBirth',
  'pesel',
] as const;
export type MandateField = (typeof MANDATE_FIELDS)[number];
export const MANDATE_END_ACTIONS = ['delete', 'return'] as const;
export type MandateEndAction = (typeof MANDATE_END_ACTIONS)[number];
