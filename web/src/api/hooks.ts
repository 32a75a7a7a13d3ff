import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { getJson } from './client';
import type { operations } from './schema';
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
  /** Documents of clients: the categories read and uploaded under the purpose. */
  documentCategories?: { read: string[]; upload: string[] };
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

/** The purposes an operation accepts in its X-Purpose header, as the OpenAPI document declares them. */
export type AcceptedPurposes<K extends keyof operations> = operations[K]['parameters'] extends {
  header: { 'X-Purpose': infer P };
}
  ? P
  : never;

/**
 * The purposes under which the API lists data-subject requests. The keys are checked against the
 * typed client: a purpose added to or taken from the route in the OpenAPI document fails the type
 * check until this list follows it.
 */
const LISTS_REQUESTS: Record<AcceptedPurposes<'dataSubjectRequests_list'>, true> = {
  data_subject_rights: true,
};

/** What the chosen purpose allows on clients, from the registry (for the menu, not for visibility). */
export function usePurposeAllows(purpose: Purpose | null) {
  const purposes = usePurposes();
  const { me } = useSession();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  const client = info?.fields.Client;
  return {
    info,
    readsClients: !!client && client.read.length > 0,
    writesClients: !!client && client.write.length > 0,
    grantsConsents: !!info?.consents?.grant,
    withdrawsConsents: !!info?.consents?.withdraw,
    // The route's purposes, and the registry's roles for the purpose (the signed-in role among them).
    listsRequests: !!info && info.purpose in LISTS_REQUESTS && !!me && info.roles.includes(me.role),
    // Offers, policies and renewals: the purposes that prepare offers and perform contracts.
    worksOnOffers: purpose === 'offer_preparation' || purpose === 'contract_performance',
  };
}
