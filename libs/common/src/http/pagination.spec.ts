import { ValidationFailedError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, newestFirstAfter } from './pagination';

describe('newestFirstAfter', () => {
  it('is null on the first page and names the cursor row after it', () => {
    const named: Record<string, unknown> = {};
    expect(newestFirstAfter(undefined, 'k', named)).toBeNull();
    expect(named).toEqual({});
    const cursor = encodeCursor(['2026-11-25T10:00:00.000000Z', '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a']);
    expect(newestFirstAfter(cursor, 'k', named)).toBe(
      '(k.created_at, k.id) < (:ck::timestamptz, :cid::uuid)',
    );
    expect(named).toEqual({ ck: '2026-11-25T10:00:00.000000Z', cid: '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a' });
  });

  it('refuses a cursor that is not one of ours', () => {
    expect(() => newestFirstAfter('not-a-cursor', 'r', {})).toThrow(ValidationFailedError);
    expect(() => newestFirstAfter(encodeCursor(['only one']), 'r', {})).toThrow(ValidationFailedError);
  });
});

describe('decodeCursor', () => {
  const id = '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a';
  const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it('gives back the values of a cursor it made', () => {
    expect(decodeCursor(undefined, ['uuid'])).toBeNull();
    expect(decodeCursor(encodeCursor(['2026-11-25T10:00:00.123456Z', id]), ['timestamp', 'uuid'])).toEqual([
      '2026-11-25T10:00:00.123456Z',
      id,
    ]);
    expect(decodeCursor(encodeCursor(['2026-02-28', id]), ['date', 'uuid'])).toEqual(['2026-02-28', id]);
    expect(decodeCursor(encodeCursor(['kowalski', id]), ['text', 'uuid'])).toEqual(['kowalski', id]);
    expect(decodeCursor(encodeCursor(['', id]), ['text', 'uuid'])).toEqual(['', id]);
  });

  it.each([
    ['not base64url', '!!!'],
    ['base64 with padding', `${encodeCursor(['a', id])}=`],
    ['not JSON', raw('{{')],
    ['not an array', raw('{"a":1}')],
    ['the wrong arity', encodeCursor(['2026-11-25T10:00:00.000000Z'])],
    ['a NUL byte', encodeCursor(['\u0000', id])],
    ['a number for text', encodeCursor([5, id])],
    ['null for an id', encodeCursor(['a', null])],
    ['an array inside', raw(JSON.stringify([['a'], id]))],
    ['an id that is no uuid', encodeCursor(['a', 'not-a-uuid'])],
    ['a timestamp that is not a date', encodeCursor(['2026-02-30T10:00:00.000000Z', id])],
    ['a timestamp with no zone', encodeCursor(['2026-02-03T10:00:00', id])],
    ['a day that does not exist', encodeCursor(['2026-13-01', id])],
  ])('refuses a cursor with %s as 400 INVALID_CURSOR', (_label, cursor) => {
    const kinds = _label.includes('day')
      ? (['date', 'uuid'] as const)
      : _label.includes('timestamp')
        ? (['timestamp', 'uuid'] as const)
        : (['text', 'uuid'] as const);
    expect(() => decodeCursor(cursor, kinds)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR', kind: 'validation' }),
    );
  });

  it('with a count, takes strings without NUL and finite numbers only', () => {
    expect(decodeCursor(encodeCursor(['a', 5]), 2)).toEqual(['a', 5]);
    expect(() => decodeCursor(encodeCursor(['a', null]), 2)).toThrow(ValidationFailedError);
    expect(() => decodeCursor(encodeCursor(['\u0000', 5]), 2)).toThrow(ValidationFailedError);
  });
});
