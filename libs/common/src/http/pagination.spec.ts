import { ValidationFailedError } from '../errors/domain-error';
import { encodeCursor, newestFirstAfter } from './pagination';

describe('newestFirstAfter', () => {
  it('is null on the first page and names the cursor row after it', () => {
    const named: Record<string, unknown> = {};
    expect(newestFirstAfter(undefined, 'k', named)).toBeNull();
    expect(named).toEqual({});
    const cursor = encodeCursor(['2026-11-25T10:00:00.000000Z', '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a']);
    expect(newestFirstAfter(cursor, 'k', named)).toBe('(k.created_at, k.id) < (:ck::timestamptz, :cid::uuid)');
    expect(named).toEqual({ ck: '2026-11-25T10:00:00.000000Z', cid: '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a' });
  });

  it('refuses a cursor that is not one of ours', () => {
    expect(() => newestFirstAfter('not-a-cursor', 'r', {})).toThrow(ValidationFailedError);
    expect(() => newestFirstAfter(encodeCursor(['only one']), 'r', {})).toThrow(ValidationFailedError);
  });
});
