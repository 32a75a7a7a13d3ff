import { ChainRow, chainMac, macInput } from './canonical';
import { MacChecker } from './mac-checker';

const KEY = 'k'.repeat(64);
const row = (n: number): ChainRow => ({
  id: String(n),
  at: '2026-12-03T06:00:00.123456Z',
  actor_id: null,
  actor_role: 'broker',
  purpose: 'offer_preparation',
  action: 'read',
  resource: 'client',
  resource_id: null,
  client_ids: ['7d8f1c2e-0b4a-4c59-9a37-2f0c1d2e3f40'],
  fields: ['email', 'pesel'],
  outcome: 'allowed',
  reason: null,
  request_id: null,
  ip: 'zażółć',
  controller_id: null,
});

describe('MacChecker', () => {
  let checker: MacChecker;
  beforeAll(() => {
    checker = new MacChecker(KEY);
  });
  afterAll(() => checker.close());

  it('accepts the seals chainMac makes, and names the first one that differs', async () => {
    const texts: string[] = [];
    const macs: string[] = [];
    let prev = '0'.repeat(64);
    for (let n = 1; n <= 50; n++) {
      texts.push(macInput(prev, String(n), row(n)));
      prev = chainMac(KEY, prev, String(n), row(n));
      macs.push(prev);
    }
    expect(await checker.firstMismatch(texts, macs)).toBe(-1);
    const changed = [...texts];
    changed[17] = macInput(macs[16], '18', { ...row(18), purpose: 'marketing' });
    changed[30] = `${changed[30]} `;
    expect(await checker.firstMismatch(changed, macs)).toBe(17);
    expect(await checker.firstMismatch([], [])).toBe(-1);
  });

  it('refuses seals made under another key', async () => {
    const other = new MacChecker('o'.repeat(64));
    try {
      const text = macInput('0'.repeat(64), '1', row(1));
      expect(await other.firstMismatch([text], [chainMac(KEY, '0'.repeat(64), '1', row(1))])).toBe(0);
    } finally {
      await other.close();
    }
  });
});
