import { IsNumber, Validate, validateSync } from 'class-validator';
import { FourDecimalPlaces } from './decimal-places';

class Rate {
  @IsNumber()
  @Validate(FourDecimalPlaces)
  commissionRate!: number;
}

function errorsOf(value: number): string[] {
  const rate = Object.assign(new Rate(), { commissionRate: value });
  return validateSync(rate).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('four decimal places', () => {
  it('takes rates of up to four decimal places, including float noise of one', () => {
    expect(errorsOf(0.125)).toEqual([]);
    expect(errorsOf(0.1234)).toEqual([]);
    expect(errorsOf(0.07 + 0.0001)).toEqual([]);
  });

  it('refuses a fifth decimal place, naming the field', () => {
    expect(errorsOf(0.12345)).toEqual(['commissionRate must have at most 4 decimal places']);
  });
});
