import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { components } from '../api/schema';
import type { Page } from '../api/types';

export type Agreement = components['schemas']['CommissionAgreementResponseDto'];
export type StatementSummary = components['schemas']['StatementSummaryDto'];
export type Statement = components['schemas']['StatementResponseDto'];
export type StatementLine = components['schemas']['StatementLineDto'];
export type StatementMapping = components['schemas']['StatementMappingResponseDto'];
export type ContractCommission = components['schemas']['ContractCommissionResponseDto'];
export type Insurer = components['schemas']['InsurerResponseDto'];

/** The insurers, by name (every signed-in member of staff reads their register). */
export function useInsurers() {
  return useQuery({
    queryKey: ['insurers', 'all'],
    queryFn: () => getJson<Page<Insurer>>('/api/insurers', { limit: '500' }),
    staleTime: 60_000,
  });
}

/** Statement routes accept the legal obligation alone (the accountant's books). */
export const ACCOUNTING_PURPOSE = 'legal_obligation';

/** A fraction with four decimal places as the office writes it: 0.1234 → "12,34%". */
export function formatRate(rate: number): string {
  const percent = (Math.round(rate * 10_000) / 100)
    .toFixed(2)
    .replace(/0+$/, '')
    .replace(/\.$/, '')
    .replace('.', ',');
  return `${percent}%`;
}

/** A rate typed in percent ("12,34") as the fraction the API takes (0.1234); null when it is not one. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s|%/g, ''));
  if (!m) return null;
  const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return basisPoints > 10_000 ? null : basisPoints / 10_000;
}
