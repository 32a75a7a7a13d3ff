import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/**
 * A rate kept to four decimal places (12.3456 %, as insurers state commission), so that what is
 * stored is what was typed: a finite number whose ten-thousandths are whole.
 */
@ValidatorConstraint({ name: 'fourDecimalPlaces' })
export class FourDecimalPlaces implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      Math.abs(value * 10_000 - Math.round(value * 10_000)) < 1e-6
    );
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must have at most 4 decimal places`;
  }
}
