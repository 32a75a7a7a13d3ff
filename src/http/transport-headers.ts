import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Paths whose answers may carry personal data or credentials (the API: records, tokens,
 * unsubscribe pages, exports of the record; metrics). No browser or proxy may keep them, unless a
 * route says otherwise.
 */
const NOT_STORED = /^\/(api|metrics)(\/|\?|$)/;

export function installNoStoreDefault(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control') && NOT_STORED.test(request.url))
      void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/**
 * Helmet's headers with a same-origin Content-Security-Policy. `upgrade-insecure-requests` (part of
 * helmet's defaults) only when the app is served over HTTPS: over plain HTTP under a host name the
 * browser would rewrite the workplace's scripts and the unsubscribe form to https:// and fail. The
 * same for Cross-Origin-Opener-Policy, which browsers ignore (with an error) on such an origin.
 */
export function helmetOptions(servedOverHttps: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Styles may be inline: Swagger UI styles itself inline, and the staff
        // workplace's components (Mantine) write CSS variables into <style> elements and style
        // attributes at run time. A nonce would not cover style attributes and would need
        // index.html rendered per request; inline styles cannot run code, so scripts, the real
        // risk, stay same-origin files only (no inline script, no eval).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: servedOverHttps ? [] : null,
      },
    },
    crossOriginOpenerPolicy: servedOverHttps,
  };
}

/**
 * Sets helmet's headers on every answer. The options hold no per-request parts (no nonces, no
 * functions), so helmet's middleware gives the same headers for every request: they are taken from
 * it once, at start, and each request only copies them. (@fastify/helmet built helmet's whole
 * middleware again on every request, a measurable share of a request's CPU.)
 */
export function installSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/** The headers helmet's middleware sets with these options (static options only). */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  let failed: unknown;
  const capture = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(options)({} as never, capture, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}
