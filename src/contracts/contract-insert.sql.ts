import type { NewContract } from './contract-row';

/** What every inserted contract sets, concluded or seeded. */
export type CommonContractValues = Omit<
  NewContract,
  'startDate' | 'endDate' | 'currency' | 'concludedBy' | 'offerRequestId' | 'quoteId' | 'acknowledgedMismatch'
> & { offerRequestId: string | null; quoteId: string | null };

/** The columns every inserted contract sets, with `CONTRACT_VALUES` over `contractValues` ($1-$13). */
export const CONTRACT_COLUMNS = `client_id, insurer_id, offer_request_id, quote_id, line_of_business, policy_number, product_name,
                          premium, commission_rate_bp, commission, sum_insured, deductible, coverages, recommendation`;
/** The commission is the rate applied to the premium. */
export const CONTRACT_VALUES = `$1, $2, $3, $4, $5, $6, $7, $8, $9, round($8::bigint * $9::int / 10000.0)::bigint, $10, $11, $12, $13`;

export function contractValues(input: CommonContractValues): unknown[] {
  return [
    input.clientId,
    input.insurerId,
    input.offerRequestId,
    input.quoteId,
    input.lineOfBusiness,
    input.policyNumber,
    input.productName,
    input.premium,
    input.commissionRateBp,
    input.sumInsured,
    input.deductible,
    JSON.stringify(input.coverages),
    input.recommendation,
  ];
}
