import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, ValidateNested, validateSync, ValidationError } from 'class-validator';
import { makePesel } from './pesel';
import {
  IsCalendarDate,
  IsNormalisedEmail,
  IsNormalisedPhone,
  IsPersonName,
  IsPesel,
  PostalAddressDto,
} from './person-fields';

class PersonInput {
  @IsOptional() @IsPersonName() firstName?: string;
  @IsOptional() @IsNormalisedEmail() email?: string;
  @IsOptional() @IsNormalisedPhone() phone?: string;
  @IsOptional() @IsCalendarDate() dateOfBirth?: string;
  @IsOptional() @IsCalendarDate() validFrom?: string;
  @IsOptional() @IsPesel() pesel?: string;
  @IsOptional() @ValidateNested() @Type(() => PostalAddressDto) address?: PostalAddressDto;
}

function check(plain: Record<string, unknown>): { value: PersonInput; problems: Record<string, string[]> } {
  const value = plainToInstance(PersonInput, plain);
  const problems: Record<string, string[]> = {};
  const collect = (errors: ValidationError[], prefix: string): void => {
    for (const e of errors) {
      const field = prefix + e.property;
      if (e.constraints) problems[field] = Object.values(e.constraints);
      collect(e.children ?? [], `${field}.`);
    }
  };
  collect(validateSync(value), '');
  return { value, problems };
}

const address = { street: ' ul. Marszałkowska 1/2 ', postalCode: '00-001', city: 'Warszawa', country: 'PL' };

describe('shared personal field validation', () => {
  it('accepts valid values and stores them normalised', () => {
    const pesel = makePesel('1985-03-14', 1234);
    const { value, problems } = check({
      firstName: '  Jan ',
      email: ' Jan@Example.COM ',
      phone: '600 100 200',
      dateOfBirth: '1985-03-14',
      pesel,
      address,
    });
    expect(problems).toEqual({});
    expect(value).toMatchObject({ firstName: 'Jan', email: 'jan@example.com', phone: '+48600100200', pesel });
    expect(value.address?.street).toBe('ul. Marszałkowska 1/2');
  });

  it('reports a name that is not a string with both problems, length first', () => {
    expect(check({ firstName: 5 }).problems.firstName).toEqual([
      'firstName must be longer than or equal to 1 and shorter than or equal to 100 characters',
      'firstName must be a string',
    ]);
    expect(check({ firstName: '   ' }).problems.firstName).toEqual([
      'firstName must be longer than or equal to 1 characters',
    ]);
  });

  it('refuses a malformed e-mail and an unparseable phone, keeping the phone as given', () => {
    const { value, problems } = check({ email: 'jan@example', phone: '12' });
    expect(problems.email).toEqual(['email must be a valid e-mail address']);
    expect(problems.phone).toEqual([
      'phone must be a telephone number (9 digits for Poland, or +country code and number)',
    ]);
    expect(value.phone).toBe('12');
  });

  it('names the property in the date message and refuses impossible or timed dates, format problem first', () => {
    expect(check({ validFrom: '2026-1-01' }).problems.validFrom).toEqual([
      'validFrom must be YYYY-MM-DD',
      'validFrom must be a valid ISO 8601 date string',
    ]);
    expect(check({ dateOfBirth: '1985-02-30' }).problems.dateOfBirth).toEqual([
      'dateOfBirth must be a valid ISO 8601 date string',
    ]);
    expect(Object.keys(check({ dateOfBirth: '1985-03-14T00:00:00Z' }).problems)).toEqual(['dateOfBirth']);
  });

  it('explains why a PESEL is refused, the PESEL problem before the type', () => {
    expect(check({ pesel: '44051401358' }).problems.pesel).toEqual(['PESEL check digit is wrong']);
    expect(check({ pesel: 44051401359 }).problems.pesel).toEqual([
      'pesel must be a string of 11 digits',
      'pesel must be a string',
    ]);
  });

  it('checks the postal code as Polish unless another country is given', () => {
    expect(check({ address: { ...address, postalCode: '00001' } }).problems['address.postalCode']).toEqual([
      'postalCode must be NN-NNN for Poland',
    ]);
    const withoutCountry = check({ address: { ...address, country: undefined, postalCode: 'SW1A' } });
    expect(withoutCountry.problems['address.postalCode']).toEqual(['postalCode must be NN-NNN for Poland']);
    expect(check({ address: { ...address, country: 'GB', postalCode: 'SW1A 1AA' } }).problems).toEqual({});
    expect(check({ address: { ...address, country: 'pl' } }).problems['address.country']).toEqual([
      'country must be an ISO 3166-1 alpha-2 code such as PL',
    ]);
  });
});
