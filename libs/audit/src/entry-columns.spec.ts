import { entryColumnLiterals, textArrayLiteral } from './entry-columns';

/** pg's own conversion of a parameter, which these literals stand in for. */
const { prepareValue } = jest.requireActual<{ prepareValue: (value: unknown) => unknown }>('pg/lib/utils');

describe('entry column literals', () => {
  const awkward = [
    'plain',
    '',
    'NULL',
    'null',
    'with "quotes"',
    'back\\slash',
    '\\"both\\"',
    'comma, {braces} and spaces ',
    'zażółć gęślą jaźń',
    '{"3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a"}',
  ];

  it('are the literals pg itself builds from the same arrays, NULLs and escapes included', () => {
    const rows = [['a', null, awkward[4]], [awkward[5], 'b', null], ...awkward.map((v) => [v, v, null])];
    const columns = entryColumnLiterals(rows, 3);
    expect(columns).toHaveLength(3);
    for (let c = 0; c < 3; c++) expect(columns[c]).toBe(prepareValue(rows.map((r) => r[c])));
    expect(entryColumnLiterals([], 2)).toEqual(['{}', '{}']);
  });

  it('quote every element of a text array, as pg does', () => {
    expect(textArrayLiteral(awkward)).toBe(prepareValue(awkward));
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral(['email', 'phone'])).toBe('{"email","phone"}');
  });
});
