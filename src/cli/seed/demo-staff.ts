import type { Role } from '@app/privacy';

/** The six demo accounts of the HTTP contract; all share DEMO_PASSWORD. */
export const DEMO_STAFF: ReadonlyArray<{ email: string; fullName: string; role: Role }> = [
  { email: 'admin@demo.local', fullName: 'Ada Administratorka', role: 'admin' },
  { email: 'broker@demo.local', fullName: 'Bartosz Broker', role: 'broker' },
  { email: 'marketing@demo.local', fullName: 'Marta Marketing', role: 'marketing' },
  { email: 'manager@demo.local', fullName: 'Maciej Manager', role: 'manager' },
  { email: 'accountant@demo.local', fullName: 'Krystyna Księgowa', role: 'accountant' },
  { email: 'dpo@demo.local', fullName: 'Iwona Inspektor', role: 'dpo' },
];
