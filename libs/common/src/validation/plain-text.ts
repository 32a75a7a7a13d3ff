import {
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/**
 * The one rule for free text a caller types (names, addresses, notes, reasons, subjects): no NUL
 * (PostgreSQL text cannot hold it), no other C0 or C1 control character, and none of the
 * bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069), which
 * make a name or a reason display as something other than what is stored. Multi-line text may
 * also hold tabs and line breaks.
 */
const BIDI_CONTROLS = '\\u202A-\\u202E\\u2066-\\u2069';
const SINGLE_LINE_REFUSED = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${BIDI_CONTROLS}]`);
const MULTI_LINE_REFUSED = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI_CONTROLS}]`,
);

export interface PlainTextOptions {
  /** Tabs and line breaks allowed (notes, reasons, a mail body). */
  multiline?: boolean;
  /** Checks each element of an array. */
  each?: boolean;
}

export function isPlainText(value: unknown, multiline = false): value is string {
  return typeof value === 'string' && !(multiline ? MULTI_LINE_REFUSED : SINGLE_LINE_REFUSED).test(value);
}

@ValidatorConstraint({ name: 'plainText' })
class PlainTextConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    // Whether it is a string at all is IsString's to say, in its own words.
    return typeof value !== 'string' || isPlainText(value, args.constraints[0] === true);
  }
  defaultMessage(args: ValidationArguments): string {
    return args.constraints[0] === true
      ? `${args.property} must be text without control or bidirectional-override characters`
      : `${args.property} must be one line of text without control or bidirectional-override characters`;
  }
}

/** Presence, type and length stay with the DTO; this checks the characters of a string only. */
export function IsPlainText(options: PlainTextOptions = {}): PropertyDecorator {
  return Validate(PlainTextConstraint, [options.multiline === true], { each: options.each });
}
