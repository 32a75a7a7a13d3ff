import type { components } from './schema';

export type Me = components['schemas']['MeResponseDto'];
export type Purpose =
  | 'offer_preparation'
  | 'contract_performance'
  | 'claims'
  | 'marketing'
  | 'renewal_reminders'
  | 'client_contact'
  | 'legal_obligation'
  | 'security_audit'
  | 'data_subject_rights'
  | 'insurer_mandate';

export interface SessionState {
  accessToken: string | null;
  me: Me | null;
  purpose: Purpose | null;
}

/**
 * The signed-in session. The access token lives in memory only; the refresh token in
 * sessionStorage (this tab only, gone when it closes), so a reload can sign in again without the
 * password. The purpose is not personal and survives a reload the same way.
 */
const REFRESH_KEY = 'consentry.refreshToken';
const PURPOSE_KEY = 'consentry.purpose';

let state: SessionState = {
  accessToken: null,
  me: null,
  purpose: (sessionStorage.getItem(PURPOSE_KEY) as Purpose | null) ?? null,
};
const listeners = new Set<() => void>();

function set(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export const session = {
  get: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  refreshToken: (): string | null => sessionStorage.getItem(REFRESH_KEY),
  setTokens(accessToken: string, refreshToken: string): void {
    sessionStorage.setItem(REFRESH_KEY, refreshToken);
    set({ accessToken });
  },
  setMe(me: Me): void {
    // A purpose the role may not use (another account in this tab) is not kept.
    const purpose = state.purpose && me.purposes.includes(state.purpose) ? state.purpose : null;
    if (!purpose) sessionStorage.removeItem(PURPOSE_KEY);
    set({ me, purpose });
  },
  setPurpose(purpose: Purpose | null): void {
    if (purpose) sessionStorage.setItem(PURPOSE_KEY, purpose);
    else sessionStorage.removeItem(PURPOSE_KEY);
    set({ purpose });
  },
  clear(): void {
    sessionStorage.removeItem(REFRESH_KEY);
    sessionStorage.removeItem(PURPOSE_KEY);
    set({ accessToken: null, me: null, purpose: null });
  },
};
