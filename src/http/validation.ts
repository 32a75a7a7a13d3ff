import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '@app/common/errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Whitelisted, transformed DTOs; unknown properties are refused; failures name every field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ValidationFailedError(
        details.map((d) => d.problems.join(', ')).join('; ') || 'Invalid input',
        { fields: details.map((d) => d.field), errors: details },
      );
    },
  });
}
