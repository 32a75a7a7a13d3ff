import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting in the current request or job, and under which purpose. Ids only, never personal values. */
export interface Actor {
  staffId: string | null;
  role: string | null;
  /** The staff member's sign-in name, for the HTTP request log only. */
  userName: string | null;
  purpose: string | null;
}

export interface RequestContextState {
  requestId: string;
  ip: string | null;
  actor: Actor;
  /** The route's declared resource and action, when it touches personal data. */
  operation: { resource: string; action: string } | null;
  /** Set once the record of operations holds an entry for this request. */
  recorded: boolean;
  /** Error code of a failed request, for the request log. */
  errorCode: string | null;
  /** Clients the actor sees only through an open break-glass grant; their entries are marked. */
  breakGlassClientIds?: string[];
}

const storage = new AsyncLocalStorage<RequestContextState>();

export const RequestContext = {
  run<T>(state: RequestContextState, fn: () => T): T {
    return storage.run(state, fn);
  },
  enter(state: RequestContextState): void {
    storage.enterWith(state);
  },
  current(): RequestContextState | undefined {
    return storage.getStore();
  },
  /** A context for work that no HTTP request started (jobs, sweeps, CLI). */
  system(requestId: string, purpose: string | null = null): RequestContextState {
    return {
      requestId,
      ip: null,
      actor: { staffId: null, role: 'system', userName: 'system', purpose },
      operation: null,
      recorded: false,
      errorCode: null,
    };
  },
};
