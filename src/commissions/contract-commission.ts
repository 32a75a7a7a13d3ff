import { CommissionBasis, commissionAt } from '../contracts';
import { ScheduledPayment } from '../instalments';
import { AgreementRow } from './commission-agreement.repository';
import { Share, instalmentCommissions, splitByShares } from './commission-math';

/** The commission of one contract, in grosze: at which rate, how it splits, and what is earned. */
export interface ContractCommission {
  basis: 'agreement' | 'contract';
  agreementId: string | null;
  year: 'first_year' | 'renewal';
  rateBp: number;
  premium: number;
  commission: number;
  /** Earned by the payments so far (the whole commission when the contract has no schedule). */
  earned: number;
  /** Paid by the insurer on statement lines settled so far. */
  settled: number;
  splits: Array<Share & { amount: number }>;
  instalments: Array<ScheduledPayment & { commission: number; earned: number }> | null;
}

/**
 * The agreement that governs a contract: the insurer's, for the contract's line, in force on the
 * day the contract starts (the latest start day not after it; an agreement without one holds from
 * the beginning).
 */
export function agreementFor(
  agreements: readonly AgreementRow[],
  contract: CommissionBasis,
): AgreementRow | null {
  const candidates = agreements.filter(
    (a) =>
      a.insurerId === contract.insurerId &&
      a.lineOfBusiness === contract.lineOfBusiness &&
      (a.validFrom === null || a.validFrom <= contract.startDate),
  );
  candidates.sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
  return candidates[0] ?? null;
}

/**
 * A contract's commission: the agreement's first-year rate, or its renewal rate for a contract
 * renewing one with the same insurer; without an agreement, the rate entered on the contract.
 * The premium is the contract's current one (annexes included).
 */
export function contractCommission(
  contract: CommissionBasis,
  agreements: readonly AgreementRow[],
  schedule: ScheduledPayment[] | undefined,
  settled: number,
): ContractCommission {
  const agreement = agreementFor(agreements, contract);
  const year = contract.renewal ? 'renewal' : 'first_year';
  const rateBp = agreement
    ? year === 'renewal'
      ? agreement.renewalRateBp
      : agreement.firstYearRateBp
    : contract.commissionRateBp;
  const commission = commissionAt(contract.premium, rateBp);
  const perInstalment = schedule ? instalmentCommissions(schedule, rateBp) : null;
  const instalments =
    schedule && perInstalment ? schedule.map((s, i) => ({ ...s, ...perInstalment[i] })) : null;
  return {
    basis: agreement ? 'agreement' : 'contract',
    agreementId: agreement?.id ?? null,
    year,
    rateBp,
    premium: contract.premium,
    commission,
    earned: instalments ? instalments.reduce((sum, i) => sum + i.earned, 0) : commission,
    settled,
    splits: agreement ? splitByShares(commission, agreement.splits) : [],
    instalments,
  };
}
