import { api } from '../api/client';
import { session } from '../api/session';
import { queryClient } from '../query';
import { resetClientsListMemory } from './list-memory';

/** Ends the session on the server, forgets the tokens and every cached response. */
export async function signOut(): Promise<void> {
  try {
    if (session.get().accessToken) await api.POST('/api/auth/logout', { body: { everywhere: false } });
  } finally {
    session.clear();
    queryClient.clear();
    resetClientsListMemory();
  }
}

/** A new purpose: records read under the old one are dropped (the registry stays). */
export function forgetRecords(): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'registry' });
  resetClientsListMemory();
}
