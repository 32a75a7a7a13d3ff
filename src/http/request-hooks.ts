import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RequestContext, RequestContextState } from '@app/common/context/request-context';
import { RequestLogLine, redactReferrer, redactUrl } from '@app/common/logging/request-log';

type ContextRequest = FastifyRequest & { consentry: RequestContextState };

/**
 * Gives every request a context (request id, IP, later the actor) that services read through
 * AsyncLocalStorage, returns the request id, and writes one request-log line per response.
 *
 * The request id is always made here. A caller's X-Request-Id is ignored: it is whatever the caller
 * chose to send (a PESEL, an e-mail address), and the id ends up in the append-only record of
 * operations, where a personal value could never be erased.
 */
export function installRequestHooks(
  fastify: FastifyInstance,
  writeLine: (line: RequestLogLine) => void,
  observe?: (method: string, route: string | undefined, status: number, seconds: number) => void,
): void {
  fastify.decorateRequest('consentry', null);
  // Static words of every route ("api", "clients", "consents", ...), so that anything else found
  // in a path can be redacted from the request log.
  const routeWords = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const segment of route.url.split('/'))
      if (segment && !segment.startsWith(':') && !segment.includes('*')) routeWords.add(segment);
  });
  const isRouteWord = (segment: string) => routeWords.has(segment);
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = randomUUID();
    const state: RequestContextState = {
      requestId,
      ip: request.ip ?? null,
      actor: { staffId: null, role: null, userName: null, purpose: null },
      operation: null,
      recorded: false,
      errorCode: null,
    };
    (request as ContextRequest).consentry = state;
    void reply.header('x-request-id', requestId);
    RequestContext.run(state, done);
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const state = (request as ContextRequest).consentry;
    const length = reply.getHeader('content-length');
    writeLine({
      ip: request.ip ?? null,
      host: null,
      user: state?.actor.userName ?? null,
      time: new Date().toISOString(),
      request: `${request.method} ${redactUrl(request.url, isRouteWord)} HTTP/${request.raw.httpVersion}`,
      status: reply.statusCode,
      bytes: length === undefined ? null : Number(length),
      referrer: redactReferrer(request.headers.referer),
      userAgent: request.headers['user-agent'] ?? null,
      error: state?.errorCode ?? null,
    });
    observe?.(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
