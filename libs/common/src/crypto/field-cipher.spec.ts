import { FieldCipher } from './field-cipher';

describe('FieldCipher', () => {
  const cipher = new FieldCipher('11'.repeat(32), 'blind-index-key-for-tests-0123456789');

  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('44051401359');
    const b = cipher.encrypt('44051401359');
    expect(a).not.toBe(b);
    expect(a).not.toContain('44051401359');
    expect(cipher.decrypt(a)).toBe('44051401359');
  });

  it('detects a tampered ciphertext', () => {
    const sealed = cipher.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('xxxxxx').toString('base64');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('gives equal blind indexes for equal values, different per domain and key', () => {
    expect(cipher.blindIndex('pesel', '1')).toBe(cipher.blindIndex('pesel', '1'));
    expect(cipher.blindIndex('pesel', '1')).not.toBe(cipher.blindIndex('email', '1'));
    const other = new FieldCipher('11'.repeat(32), 'another-blind-index-key-0123456789');
    expect(other.blindIndex('pesel', '1')).not.toBe(cipher.blindIndex('pesel', '1'));
  });
});
