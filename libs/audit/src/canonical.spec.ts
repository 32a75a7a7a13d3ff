import { types } from 'pg';
import { CHAIN_TYPES, parseChainTextArray } from './canonical';

const inFull = types.getTypeParser(1009 as never, 'text') as (literal: string) => string[];

describe('parseChainTextArray', () => {
  it.each([
    '{}',
    '{email}',
    '{email,firstName,lastName}',
    '{7d8f1c2e-0b4a-4c59-9a37-2f0c1d2e3f40,0e1d2c3b-4a59-4876-8a9b-0c1d2e3f4a5b}',
    '{"",email}',
    '{"a,b",c}',
    '{"with \\"quote\\"",x}',
    '{"back\\\\slash"}',
    '{NULL,email}',
    '{"NULL"}',
    '{{a,b},{c,d}}',
    '[0:1]={a,b}',
    '{"zażółć gęślą"}',
  ])('reads %s as pg does', (literal) => {
    expect(parseChainTextArray(literal)).toEqual(inFull(literal));
  });

  it('is the parser the chain queries use for text[], and leaves other types to pg', () => {
    expect(CHAIN_TYPES.getTypeParser(1009 as never, 'text')).toBe(parseChainTextArray);
    expect(CHAIN_TYPES.getTypeParser(20 as never, 'text')).toBe(types.getTypeParser(20 as never, 'text'));
  });
});
