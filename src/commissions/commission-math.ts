import { commissionAt } from '../contracts';

/**
 * The arithmetic of commissions, in integer grosze and basis points (1 bp = 0.0001 of the
 * premium). Every split below adds up exactly to what it splits: no grosz appears or vanishes.
 */

/** A share of a commission: a staff member's part in basis points (all shares add up to 10 000). */
export interface Share {
  staffId: string;
  shareBp: number;
}

/**
 * `total` split by shares, largest remainder first: each share gets the whole grosze of its
 * part, and the grosze left over go one each to the largest remainders (ties: in the order given).
 */
export function splitByShares(total: number, shares: readonly Share[]): Array<Share & { amount: number }> {
  if (shares.length === 0) return [];
  const whole = shares.map((s) => ({
    ...s,
    amount: Math.floor((total * s.shareBp) / 10_000),
    remainder: (total * s.shareBp) % 10_000,
  }));
  let left = total - whole.reduce((sum, s) => sum + s.amount, 0);
  const order = whole.map((s, i) => ({ i, r: s.remainder })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    whole[i].amount += 1;
    left -= 1;
  }
  return whole.map(({ staffId, shareBp, amount }) => ({ staffId, shareBp, amount }));
}

/** An instalment as commissions see it: what was due and what the client paid, in grosze. */
export interface PaidInstalment {
  amount: number;
  paidAmount: number;
}

/**
 * The commission of each instalment and what of it is earned by the payments so far. The
 * commission on the first k instalments is the rate applied to their sum (rounded half up), so
 * the instalments' commissions add up to the contract's; a payment earns the commission on the
 * premium it brings, on top of the instalments before it.
 */
export function instalmentCommissions(
  schedule: readonly PaidInstalment[],
  rateBp: number,
): Array<{ commission: number; earned: number }> {
  let before = 0;
  return schedule.map((instalment) => {
    const base = commissionAt(before, rateBp);
    const paid = Math.min(instalment.paidAmount, instalment.amount);
    const result = {
      commission: commissionAt(before + instalment.amount, rateBp) - base,
      earned: commissionAt(before + paid, rateBp) - base,
    };
    before += instalment.amount;
    return result;
  });
}

/** Upper bound of one statement amount: 100 million złote, far inside exact integers. */
export const MAX_STATEMENT_AMOUNT = 10_000_000_000;

/**
 * An amount in złote as statements write it ("123,45", "123.45", "1 234,56", "-12,34 zł") in
 * grosze, read as text so that no binary fraction rounds it; null when it is not such an amount.
 */
export function parseZlote(text: string): number | null {
  const match =
    /^(-)?\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,12})(?:[.,](\d{1,2}))?(?:\s*(?:zł|PLN))?$/i.exec(
      text.trim(),
    );
  if (!match) return null;
  const [, minus, whole, fraction = ''] = match;
  const grosze = Number(whole.replace(/[ \u00a0\u202f]/g, '')) * 100 + Number(fraction.padEnd(2, '0'));
  if (grosze > MAX_STATEMENT_AMOUNT) return null;
  return minus && grosze !== 0 ? -grosze : grosze;
}

/** Grosze as the accountant's file writes złote: "1234,56", "-12,34" (no thousands separator). */
export function zloteForFile(grosze: number): string {
  const sign = grosze < 0 ? '-' : '';
  const abs = Math.abs(grosze);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
