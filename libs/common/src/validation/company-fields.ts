import { Transform } from 'class-transformer';
import { IsString, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isValidNip, normaliseNip } from './nip';
import { isValidKrs, isValidRegon, normaliseKrs, normaliseRegon } from './regon';
import { stacked } from './person-fields';

/**
 * Validation of a company's register numbers: each is normalised (spaces and dashes dropped) and
 * refused with a message naming the field when its length or check digit is wrong. Presence and
 * OpenAPI metadata stay with the DTO.
 */

@ValidatorConstraint({ name: 'nip' })
class NipConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidNip(value);
  }
  defaultMessage(): string {
    return 'nip must be 10 digits with a valid check digit';
  }
}

@ValidatorConstraint({ name: 'regon' })
class RegonConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidRegon(value);
  }
  defaultMessage(): string {
    return 'regon must be 9 or 14 digits with a valid check digit';
  }
}

@ValidatorConstraint({ name: 'krs' })
class KrsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidKrs(value);
  }
  defaultMessage(): string {
    return 'krs must be 10 digits';
  }
}

const normalisedBy =
  (normalise: (raw: string) => string) =>
  ({ value }: { value: unknown }): unknown =>
    typeof value === 'string' ? normalise(value) : value;

export function IsNip(): PropertyDecorator {
  return stacked(Transform(normalisedBy(normaliseNip)), IsString(), Validate(NipConstraint));
}

export function IsRegon(): PropertyDecorator {
  return stacked(Transform(normalisedBy(normaliseRegon)), IsString(), Validate(RegonConstraint));
}

export function IsKrs(): PropertyDecorator {
  return stacked(Transform(normalisedBy(normaliseKrs)), IsString(), Validate(KrsConstraint));
}
