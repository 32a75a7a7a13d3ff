import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { getJson } from './client';
import { session, type Purpose, type SessionState } from './session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** One purpose as GET /api/privacy/purposes describes it (the parts the workplace shows). */
export interface PurposeInfo {
  purpose: Purpose;
  description: string;
  descriptionPl?: string;
  legalBasis: { article: string; articlePl: string; en: string; pl: string };
  consent: { required: boolean; purpose?: string };
  roles: string[];
  fields: Record<string, { alwaysVisible: string[]; read: string[]; write: string[] }>;
  consents?: { read?: boolean; grant?: boolean; withdraw?: boolean };
}

/** The registry's purposes; they change only with a release, so they are read once. */
export function usePurposes() {
  return useQuery({
    queryKey: ['registry', 'purposes'],
    queryFn: () => getJson<{ items: PurposeInfo[] }>('/api/privacy/purposes'),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** What the chosen purpose allows on clients, from the registry (for the menu, not for visibility). */
export function usePurposeAllows(purpose: Purpose | null) {
  const purposes = usePurposes();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  const client = info?.fields.Client;
  return {
    info,
    readsClients: !!client && client.read.length > 0,
    writesClients: !!client && client.write.length > 0,
    grantsConsents: !!info?.consents?.grant,
    // Offers, policies and renewals: the purposes that prepare offers and perform contracts.
    worksOnOffers: purpose === 'offer_preparation' || purpose === 'contract_performance',
  };
}
