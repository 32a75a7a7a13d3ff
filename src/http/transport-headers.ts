import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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
export function helmetOptions(servedOverHttps: boolean): FastifyHelmetOptions {
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
