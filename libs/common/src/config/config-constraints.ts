import { createPrivateKey } from 'node:crypto';
import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** Rules of AppConfig that class-validator does not have. */

export const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

@ValidatorConstraint({ name: 'timeZone' })
export class TimeZoneConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an IANA time zone such as Europe/Warsaw`;
  }
}

@ValidatorConstraint({ name: 'afterStartHour' })
export class AfterStartHourConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return (
      typeof value === 'number' &&
      value > (args.object as { ANOMALY_WORK_START_HOUR: number }).ANOMALY_WORK_START_HOUR
    );
  }
  defaultMessage(): string {
    return 'ANOMALY_WORK_END_HOUR must be later than ANOMALY_WORK_START_HOUR';
  }
}

@ValidatorConstraint({ name: 'ed25519PrivateKey' })
export class Ed25519PrivateKeyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      return parseEd25519PrivateKey(value).asymmetricKeyType === 'ed25519';
    } catch {
      return false;
    }
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an Ed25519 private key, as PEM or as base64 PKCS#8 DER`;
  }
}

/** An Ed25519 private key given as PEM ("-----BEGIN PRIVATE KEY-----") or as base64 of its PKCS#8 DER form. */
export function parseEd25519PrivateKey(text: string): ReturnType<typeof createPrivateKey> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed.replace(/\\n/g, '\n'));
  return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}
