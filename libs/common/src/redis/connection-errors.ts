import type { EventEmitter } from 'node:events';

interface Reporter {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * Reports a connection's errors through the application's logger: one warning when it starts
 * failing (with the error code, never the server's text) and one line when it is ready again
 * (its 'ready' event, or a call to `restored` for emitters that relay errors only). Without a
 * listener, ioredis prints every failed reconnect attempt to stderr, and an EventEmitter with no
 * 'error' listener throws.
 */
export function reportConnectionErrors(
  emitter: EventEmitter,
  logger: Reporter,
  label: string,
): { restored: () => void } {
  let failing = false;
  const restored = () => {
    if (!failing) return;
    failing = false;
    logger.log(`${label}: connection restored`);
  };
  emitter.on('error', (error: unknown) => {
    if (failing) return;
    failing = true;
    const e = error as { code?: unknown; name?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
    logger.warn(`${label}: connection failing (${code}); retrying`);
  });
  emitter.on('ready', restored);
  return { restored };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Errors of the connection itself (refused, reset, timed out, closed), not of a command. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  return typeof e?.message === 'string' && /^(Connection is closed|Stream isn't writeable)/.test(e.message);
}
