import { ClientSubjectFacts, PrivacyScope, personalFieldsOf } from '@app/privacy';
import { Money, toMoney } from '../offers';
import { StatementLineRow, StatementRow } from './commission-statement.repository';
import { differenceOf } from './reconciliation';

const PERSONAL = new Set(personalFieldsOf('CommissionStatementLine'));
export type StatementLineView = Record<string, unknown> & { id: string };

/** The registry's CommissionStatementLine fields of a stored line (the one mapper). */
export function lineRecord(row: StatementLineRow) {
  const expected = row.expected === null ? null : Number(row.expected);
  const paid = row.paid === null ? null : Number(row.paid);
  return {
    id: row.id,
    statementId: row.statementId,
    rowNumber: row.rowNumber,
    status: row.status,
    contractId: row.contractId,
    clientId: row.clientId,
    policyNumber: row.policyNumber,
    expected: toMoney(expected),
    paid: toMoney(paid),
    difference: toMoney(differenceOf({ expected, paid }))!,
    settledAt: row.settledAt,
  };
}

/** The fields of a line the scope reads: a line of a client follows the client's visibility. */
export function lineFields(
  scope: PrivacyScope,
  row: StatementLineRow,
  facts: Map<string, ClientSubjectFacts>,
): string[] {
  return row.clientId
    ? scope.clientRecordFields('CommissionStatementLine', facts.get(row.clientId))
    : scope.fields('CommissionStatementLine', {});
}

/** Lines projected under the scope; `shown`: the personal fields that left, `clientIds`: whose. */
export function projectLines(
  scope: PrivacyScope,
  rows: StatementLineRow[],
  facts: Map<string, ClientSubjectFacts>,
): { items: StatementLineView[]; shown: string[]; clientIds: string[] } {
  const shown = new Set<string>();
  const clientIds = new Set<string>();
  const items: StatementLineView[] = [];
  for (const row of rows) {
    const fields = lineFields(scope, row, facts);
    if (fields.length === 0) continue;
    const projected = scope.project(fields, lineRecord(row));
    projected.fields.filter((f) => PERSONAL.has(f)).forEach((f) => shown.add(f));
    if (row.clientId) clientIds.add(row.clientId);
    items.push(projected.value as StatementLineView);
  }
  return { items, shown: [...shown], clientIds: [...clientIds] };
}

export interface StatementSummaryView {
  id: string;
  insurerId: string;
  insurerName: string;
  importedAt: string;
  mapping: { policyNumber: string; commission: string };
  counts: {
    matched: number;
    differs: number;
    unknown_policy: number;
    missing: number;
    settled: number;
    lines: number;
  };
  expected: Money;
  paid: Money;
  difference: Money;
}

/** A statement's totals: counts per status and sums, no line of it (no policy number leaves). */
export function statementSummary(row: StatementRow, insurerName: string): StatementSummaryView {
  const expected = Number(row.expected);
  const paid = Number(row.paid);
  return {
    id: row.id,
    insurerId: row.insurerId,
    insurerName,
    importedAt: row.importedAt,
    mapping: { policyNumber: row.policyNumberColumn, commission: row.commissionColumn },
    counts: {
      matched: row.matched,
      differs: row.differs,
      unknown_policy: row.unknownPolicy,
      missing: row.missing,
      settled: row.settled,
      lines: row.lines,
    },
    expected: toMoney(expected)!,
    paid: toMoney(paid)!,
    difference: toMoney(paid - expected)!,
  };
}
