import { LineOfBusiness } from '@app/privacy';
import { QuoteMismatch, toMoney } from '../offers';
import { ContractStatus } from './contract-status';
import { StoredInsuredObject, insuredObjectView } from './insured-object';

export const CONTRACT_SOURCES = ['own', 'transferred'] as const;
export type ContractSource = (typeof CONTRACT_SOURCES)[number];

/** A contract as stored, with its client's flags, its insurer's name and the request renewing it. */
export interface ContractRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  insurerId: string;
  insurerName: string;
  offerRequestId: string | null;
  quoteId: string | null;
  renewalOfferRequestId: string | null;
  lineOfBusiness: LineOfBusiness;
  status: ContractStatus;
  createdAt: string;
  policyNumber: string;
  startDate: string;
  endDate: string;
  productName: string;
  coverages: Array<{ code: string; limit: number }>;
  sumInsured: string;
  deductible: string;
  currency: string;
  cancelledAt: string | null;
  cancellationReason: string | null;
  recommendation: string | null;
  premium: string;
  commissionRateBp: number;
  commission: string;
  /** The shortfalls the broker acknowledged when concluding a quote that missed the needs. */
  acknowledgedMismatch: QuoteMismatch | null;
  /** The insured when not the policyholder; null means the policyholder is insured. */
  insuredId: string | null;
  source: ContractSource;
  insuredObject: StoredInsuredObject | null;
  sortKey?: string;
  daysLeft?: number;
  firstName?: string | null;
  lastName?: string | null;
}

/** A contract concluded from a quote: the broker's entries and what is taken over from the quote. */
export interface NewContract {
  clientId: string;
  insurerId: string;
  offerRequestId: string;
  quoteId: string;
  lineOfBusiness: LineOfBusiness;
  policyNumber: string;
  productName: string | null;
  startDate: string;
  endDate: string;
  premium: string | number | null;
  commissionRateBp: number | null;
  sumInsured: string | number | null;
  deductible: string | number | null;
  currency: string;
  coverages: Array<{ code: string; limit: number }>;
  recommendation: string | null;
  concludedBy: string;
  /** Null when the quote met the needs; otherwise what the broker knowingly accepted. */
  acknowledgedMismatch: QuoteMismatch | null;
}

export interface ContractFilter {
  clientId?: string;
  insurerId?: string;
  status?: ContractStatus;
  endingBefore?: string;
  /** Registry fields filtered on: a filter only sees rows on which the field itself is visible. */
  filteredFields: string[];
  cursor?: string;
  size: number;
}

/** The one mapper from a stored contract to the registry's Contract fields. */
export function contractRecord(row: ContractRow) {
  return {
    id: row.id,
    clientId: row.clientId,
    insurerId: row.insurerId,
    insurerName: row.insurerName,
    offerRequestId: row.offerRequestId,
    quoteId: row.quoteId,
    renewalOfferRequestId: row.renewalOfferRequestId,
    lineOfBusiness: row.lineOfBusiness,
    status: row.status,
    createdAt: row.createdAt,
    policyNumber: row.policyNumber,
    startDate: row.startDate,
    endDate: row.endDate,
    productName: row.productName,
    coverages: row.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, row.currency) })),
    sumInsured: toMoney(row.sumInsured, row.currency),
    deductible: toMoney(row.deductible, row.currency),
    cancelledAt: row.cancelledAt,
    cancellationReason: row.cancellationReason,
    recommendation: row.recommendation,
    premium: toMoney(row.premium, row.currency),
    commissionRate: row.commissionRateBp / 10_000,
    commission: toMoney(row.commission, row.currency),
    acknowledgedMismatch: row.acknowledgedMismatch,
    source: row.source,
    insuredId: row.insuredId ?? row.clientId,
    insuredObject: insuredObjectView(row.insuredObject, row.currency),
  };
}

/** A policy entered into the register directly: no offer request, no quote. */
export interface RegisteredContract {
  clientId: string;
  insuredId: string | null;
  insurerId: string;
  lineOfBusiness: LineOfBusiness;
  policyNumber: string;
  productName: string;
  startDate: string;
  endDate: string;
  premium: number;
  commissionRateBp: number;
  sumInsured: number;
  coverages: Array<{ code: string; limit: number }>;
  source: ContractSource;
  insuredObject: StoredInsuredObject | null;
  createdBy: string;
}

/** The terms an annex may change, as stored (amounts in grosze). */
export interface AnnexTerms {
  premium?: number;
  commission?: number;
  sumInsured?: number;
  endDate?: string;
  coverages?: Array<{ code: string; limit: number }>;
  insuredObject?: StoredInsuredObject | null;
}

/** Contract columns other modules read (reminders, retention, reports), with the insurer's name. */
export interface ContractSummaryRow {
  id: string;
  clientId: string;
  insurerId: string;
  insurerName: string;
  policyNumber: string;
  lineOfBusiness: LineOfBusiness;
  startDate: string;
  endDate: string;
  status: ContractStatus;
  premium: string;
  commission: string;
  currency: string;
  /** Whether the person asked about holds the policy or is insured under another client's. */
  role: 'policyholder' | 'insured';
  source: ContractSource;
  insuredId: string | null;
  insuredObject: StoredInsuredObject | null;
}

/** A contract due a reminder: active today, not cancelled, ending on the scanned day. */
export interface ContractEndingSoon {
  contractId: string;
  clientId: string;
  endDate: string;
  policyNumber: string;
  lineOfBusiness: LineOfBusiness;
  insurerName: string;
}

/** A contract locked for an annex: its state and the terms an annex may change. */
export interface ContractTermsRow {
  status: ContractStatus;
  startDate: string;
  endDate: string;
  premium: string;
  commissionRateBp: number;
  commission: string;
  sumInsured: string;
  coverages: Array<{ code: string; limit: number }>;
  insuredObject: StoredInsuredObject | null;
  insuredId: string | null;
}
