import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationFailedError } from '@app/common/errors/domain-error';

export const MIN_PASSWORD_LENGTH = 12;

let commonPasswords: ReadonlySet<string> | null = null;

/** The shipped list (assets/common-passwords.txt), read once. */
function common(): ReadonlySet<string> {
  if (!commonPasswords) {
    const text = readFileSync(join(__dirname, 'assets', 'common-passwords.txt'), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#')),
    );
  }
  return commonPasswords;
}

/**
 * Why a password may not be chosen, or null. At least 12 characters, not the account's e-mail
 * (or its part before @), and not in the list of common passwords (compared without case).
 */
export function passwordProblem(password: string, email: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split('@')[0])
    return 'The password may not be the e-mail address';
  if (common().has(lowered)) return 'The password is on the list of commonly used passwords';
  return null;
}

/** Throws 400 PASSWORD_TOO_WEAK (field `password` or the given field name) for a password the policy refuses. */
export function assertPasswordAllowed(password: string, email: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ValidationFailedError(problem, { fields: [field] }, 'PASSWORD_TOO_WEAK');
}
