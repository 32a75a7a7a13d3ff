import { Money, toMoney } from '../offers';
import { InstalmentStatus, instalmentStatus } from './schedule';

/** An instalment as stored, with its client's flags (visibility needs no extra read). */
export interface InstalmentRow {
  id: string;
  contractId: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  number: number;
  count: number;
  dueDate: string;
  amount: string;
  paidAmount: string;
  paidAt: string | null;
  currency: string;
  createdAt: string;
  /** In lists: the contract's policy number and the sort key of the page. */
  policyNumber?: string;
  sortKey?: string;
}

/** The registry's Instalment fields of a stored row (the one mapper). */
export function instalmentRecord(row: InstalmentRow): {
  id: string;
  contractId: string;
  clientId: string;
  number: number;
  count: number;
  createdAt: string;
  dueDate: string;
  amount: Money;
  paidAmount: Money;
  paidAt: string | null;
  status: InstalmentStatus;
} {
  return {
    id: row.id,
    contractId: row.contractId,
    clientId: row.clientId,
    number: Number(row.number),
    count: Number(row.count),
    createdAt: row.createdAt,
    dueDate: row.dueDate,
    amount: toMoney(row.amount, row.currency)!,
    paidAmount: toMoney(row.paidAmount, row.currency)!,
    paidAt: row.paidAt,
    status: instalmentStatus(Number(row.amount), Number(row.paidAmount)),
  };
}

/** An instalment of a client, for access reports and portability (no purpose: the person's own data). */
export interface InstalmentOfClient {
  id: string;
  contractId: string;
  policyNumber: string;
  number: number;
  count: number;
  dueDate: string;
  amount: Money;
  paidAmount: Money;
  paidAt: string | null;
  status: InstalmentStatus;
  /** Set when a later schedule replaced the one this instalment belonged to. */
  supersededAt: string | null;
}
