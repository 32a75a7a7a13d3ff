import { StatementPayment, policyMatchKey } from './statement-file';

export const LINE_STATUSES = ['matched', 'differs', 'unknown_policy', 'missing'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** A contract of the statement's insurer and the commission still expected on it, in grosze. */
export interface ExpectedCommission {
  contractId: string;
  clientId: string;
  policyNumber: string;
  expected: number;
  /** Whether a statement that leaves it out is missing something (running, and something is due). */
  due: boolean;
}

/** A reconciled line: what was expected, what was paid (null: not on the statement) and the status. */
export interface ReconciledLine {
  rowNumber: number | null;
  policyNumber: string;
  contractId: string | null;
  clientId: string | null;
  expected: number | null;
  paid: number | null;
  status: LineStatus;
}

/**
 * Holds a statement against the register: each paid policy is matched by its number to a
 * contract (the amounts agree to the grosz, or differ), or is unknown; each contract with
 * commission due that the statement leaves out is missing. Lines keep the file's order; the
 * missing ones follow by policy number.
 */
export function reconcile(
  payments: readonly StatementPayment[],
  contracts: readonly ExpectedCommission[],
): ReconciledLine[] {
  const byKey = new Map(contracts.map((c) => [policyMatchKey(c.policyNumber), c]));
  const paidKeys = new Set<string>();
  const lines: ReconciledLine[] = payments.map((p) => {
    paidKeys.add(p.key);
    const contract = byKey.get(p.key);
    if (!contract)
      return {
        rowNumber: p.rowNumber,
        policyNumber: p.policyNumber,
        contractId: null,
        clientId: null,
        expected: null,
        paid: p.paid,
        status: 'unknown_policy',
      };
    return {
      rowNumber: p.rowNumber,
      policyNumber: contract.policyNumber,
      contractId: contract.contractId,
      clientId: contract.clientId,
      expected: contract.expected,
      paid: p.paid,
      status: p.paid === contract.expected ? 'matched' : 'differs',
    };
  });
  const missing = contracts
    .filter((c) => c.due && c.expected !== 0 && !paidKeys.has(policyMatchKey(c.policyNumber)))
    .sort((a, b) => a.policyNumber.localeCompare(b.policyNumber))
    .map<ReconciledLine>((c) => ({
      rowNumber: null,
      policyNumber: c.policyNumber,
      contractId: c.contractId,
      clientId: c.clientId,
      expected: c.expected,
      paid: null,
      status: 'missing',
    }));
  return [...lines, ...missing];
}

/** Paid minus expected, an absent side counting as nothing: what the insurer owes (negative) or overpaid. */
export const differenceOf = (line: { expected: number | null; paid: number | null }) =>
  (line.paid ?? 0) - (line.expected ?? 0);
