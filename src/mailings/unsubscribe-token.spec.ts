import { createCipheriv, hkdfSync } from 'node:crypto';
import { UnsubscribeTokens } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens('a-secret-of-at-least-thirty-two-characters');
  const claim = {
    clientId: '3f1c2a4e-1b2c-4d5e-8f9a-0b1c2d3e4f5a',
    purpose: 'marketing',
    channel: 'email',
  } as const;

  it('round-trips client, purpose and channel', () => {
    expect(tokens.verify(tokens.issue(claim))).toEqual(claim);
    const reminders = { ...claim, purpose: 'renewal_reminders' as const };
    expect(tokens.verify(tokens.issue(reminders))).toEqual(reminders);
  });

  it('reveals nothing: two tokens for the same claim differ, and neither carries the id', () => {
    const a = tokens.issue(claim);
    const b = tokens.issue(claim);
    expect(a).not.toBe(b);
    for (const t of [a, b]) {
      expect(Buffer.from(t, 'base64url').toString('hex')).not.toContain(claim.clientId.replace(/-/g, ''));
      expect(t).toMatch(/^[A-Za-z0-9_-]{68}$/);
    }
  });

  it('never repeats an IV, across refills of the random pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const token = tokens.issue(claim);
      ivs.add(Buffer.from(token, 'base64url').subarray(1, 17).toString('hex'));
      expect(tokens.verify(token)).toEqual(claim);
    }
    expect(ivs.size).toBe(1000);
  });

  it('computes the same keystream as AES-256-CTR, carries across the counter included', () => {
    const secret = 'a-secret-of-at-least-thirty-two-characters';
    const encKey = Buffer.from(hkdfSync('sha256', secret, 'consentry', 'unsubscribe/encrypt/v1', 32));
    const ivs = [
      Buffer.alloc(16, 0),
      Buffer.alloc(16, 0xff),
      Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
      Buffer.from('0011223344556677ffffffffffffffff', 'hex'),
      Buffer.from('00112233445566778899aabbccddff00', 'hex'),
    ];
    const keystream = (iv: Buffer): Buffer =>
      (tokens as unknown as { ctrKeystream(iv: Buffer): Buffer }).ctrKeystream(iv);
    for (const iv of ivs) {
      const ctr = createCipheriv('aes-256-ctr', encKey, iv);
      expect(Buffer.from(keystream(iv)).toString('hex')).toBe(ctr.update(Buffer.alloc(32)).toString('hex'));
    }
  });

  it('refuses every altered byte, another secret, and junk', () => {
    const token = tokens.issue(claim);
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const altered = Buffer.from(raw);
      altered[i] ^= 0x01;
      expect(tokens.verify(altered.toString('base64url'))).toBeNull();
    }
    expect(new UnsubscribeTokens('another-secret-of-at-least-thirty-two-chars').verify(token)).toBeNull();
    for (const junk of ['', 'abc', `${token}A`, token.slice(1), null, 42, '../../etc/passwd'])
      expect(tokens.verify(junk)).toBeNull();
  });
});
