import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance } from 'fastify';

/** No request body of this API nests deeper than a few levels; 32 leaves room and bounds the work. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text, counted without parsing it; stops past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'JSON_TOO_DEEP';
  constructor() {
    super(`The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * The body parsers, installed here instead of by Nest (the app is created with bodyParser: false).
 * JSON: Fastify's own parser (it refuses __proto__ and constructor.prototype keys), behind a depth
 * check: a body nested thousands of levels deep is a 400 before parsing and validation, whose
 * recursion it would otherwise exhaust. Forms: only the one-click unsubscribe posts one
 * (RFC 8058), as Nest's parser would have read it.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  // A route may raise the body limit for itself (`@RouteConfig({ bodyLimit })`): file uploads in JSON.
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, { ...parseQueryString(body as string) });
    },
  );
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepth(body as string, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(new JsonTooDeepError(), undefined);
      return;
    }
    // Fastify's default JSON parser answers through `done`; its return value carries nothing to wait for.
    void parse(request, body as string, done);
  });
}
