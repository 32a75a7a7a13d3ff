import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBookFile } from './book-file';
import { validateBookRows } from './book-rows';

const read = async (text: string) => {
  const file = await readBookFile('csv', Buffer.from(text, 'utf8'));
  if (Array.isArray(file)) throw new Error(JSON.stringify(file));
  return validateBookRows(file);
};

describe('book rows', () => {
  it('reads the sample file of the docs without an error', async () => {
    const file = await readBookFile('csv', readFileSync(join(__dirname, '../../docs/przyklad-importu.csv')));
    if (Array.isArray(file)) throw new Error(JSON.stringify(file));
    const { rows, errors } = validateBookRows(file);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.policy?.policyNumber ?? null)).toEqual([
      'WSL/2026/000145',
      'BLT-DOM-88213',
      'WSL/2026/000311',
      null,
      'BLT-ZYC-40017',
      'BLT-MAJ-70021',
    ]);
    expect(rows[0].policy).toMatchObject({ premium: 128_450, endDate: '2027-01-14' });
    expect(rows[0].client).toMatchObject({ phone: '+48601234567', address: { postalCode: '15-427' } });
    // A company with its register numbers (the NIP's dashes dropped) and a policy of its own.
    expect(rows[5].client).toMatchObject({
      kind: 'company',
      companyName: 'Przędzalnia Podlaska Sp. z o.o.',
      nip: '5423007779',
      regon: '200304053',
      krs: '0000612345',
    });
    expect(rows[5].policy).toMatchObject({ premium: 482_000, lineOfBusiness: 'property' });
  });

  it('numbers rows as a spreadsheet does, blank rows included, and names each error’s column', async () => {
    const { errors } = await read(
      'pesel;firstName;lastName;postalCode;city;street\n\n12345678901;Jan;Kowalski;15427;Białystok;ul. Długa 1\n',
    );
    expect(errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '3:postalCode:INVALID_POSTAL_CODE',
      '3:pesel:INVALID_PESEL',
    ]);
  });

  it('refuses policy data without a policy number and a second row of the same policy', async () => {
    const { errors } = await read(
      [
        'pesel;firstName;lastName;insurerNip;policyNumber;lineOfBusiness;productName;startDate;endDate;premium',
        '82031445218;Jan;Nowak;5261002006;;motor;OC;2026-01-01;2026-12-31;100',
        '82031445218;Jan;Nowak;5261002006;P/1;motor;OC;2026-01-01;2026-12-31;100',
        '82031445218;Jan;Nowak;5261002006;P/1;motor;OC;2026-01-01;2026-12-31;100',
        '82031445218;Janusz;Nowak;5261002006;P/2;boats;OC;2026-01-01;2025-12-31;1,234',
      ].join('\n'),
    );
    expect(errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '2:policyNumber:MISSING_VALUE',
      '4:policyNumber:DUPLICATE_POLICY_IN_FILE',
      '5:lineOfBusiness:INVALID_LINE_OF_BUSINESS',
      '5:endDate:END_NOT_AFTER_START',
      '5:premium:INVALID_AMOUNT',
      '5:pesel:CONFLICTING_PERSON',
    ]);
  });

  it('checks company rows: register numbers, the other kind’s columns, one name per NIP', async () => {
    const { rows, errors } = await read(
      [
        'kind;companyName;nip;regon;krs;pesel',
        'company;Alfa sp. z o.o.;526-100-20-06;200304053;0000612345;',
        'company;Alfa S.A.;5261002006;200304053;;',
        'company;Beta;5261002007;200304054;12345;82031445218',
        'person;Gamma;;;;82031445218',
      ].join('\n'),
    );
    expect(errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '3:nip:CONFLICTING_COMPANY',
      '4:pesel:FIELD_NOT_OF_CLIENT_KIND',
      '4:nip:INVALID_NIP',
      '4:regon:INVALID_REGON',
      '4:krs:INVALID_KRS',
      '5:companyName:FIELD_NOT_OF_CLIENT_KIND',
      '5:firstName:MISSING_VALUE',
      '5:lastName:MISSING_VALUE',
    ]);
    expect(rows.map((r) => r.client)).toEqual([
      expect.objectContaining({ kind: 'company', nip: '5261002006', krs: '0000612345' }),
    ]);
  });
});
