import { createHash } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/common/config/app-config';
import { RequestContextState } from '@app/common/context/request-context';
import { AuditRecorder, type HttpMethod } from '@app/audit';
import { AuthService, SessionsService, StaffPrincipal, TooManySignInsError } from '../auth';
import { QUEUES } from './jobs.constants';

export const QUEUE_BOARD_PATH = '/queues';
const BASIC_CACHE_MS = 60_000;

type BoardRequest = FastifyRequest & { consentry?: RequestContextState };

/** Only an id-shaped value may enter the record. */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Bull Board at /queues, for admins only. Its routes are a Fastify plugin, not Nest controllers,
 * so the global AccessGuard never sees them: an onRequest hook inside the plugin's own
 * encapsulated scope checks every request (page, assets and its JSON API alike) before any route
 * runs. It accepts the API's bearer token (checked for a current session like every API request),
 * or HTTP Basic with a staff e-mail and password so a browser can open the page: that sign-in
 * goes through SessionsService and spends the same login budgets as the API's. A Basic sign-in is
 * remembered for a minute, and the account's access state is still checked on every request.
 * Every action (any method but GET/HEAD) and every refusal is recorded in the record of
 * operations. Job payloads hold ids only, so the board shows no personal values.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger(QueueBoard.name);
  private readonly basicCache = new Map<string, { principal: StaffPrincipal; until: number }>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    // The worker and the CLI have no HTTP server: nothing to mount.
    const httpAdapter = this.adapterHost?.httpAdapter;
    if (!httpAdapter) return;
    const fastify = httpAdapter.getInstance<FastifyInstance>();
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: Object.values(QUEUES).map(
        (name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })),
      ),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Consentry queues' } },
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.authorise(request as BoardRequest, reply));
      scope.addHook('onResponse', (request, reply) => this.recordAction(request as BoardRequest, reply));
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    });
  }

  private async authorise(request: BoardRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    let principal: StaffPrincipal | null = null;
    try {
      if (header.startsWith('Bearer ')) principal = await this.auth.authenticate(header.slice(7).trim());
      else if (header.startsWith('Basic ')) principal = await this.basic(header, request.ip);
    } catch (error) {
      if (error instanceof TooManySignInsError) {
        await reply.code(429).header('retry-after', String(error.retryAfterSeconds)).send({
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Too many failed sign-ins',
          code: 'TOO_MANY_REQUESTS',
        });
        return;
      }
      principal = null;
    }
    if (!principal) {
      await reply
        .code(401)
        .header('www-authenticate', 'Basic realm="Consentry queues", charset="UTF-8"')
        .send({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Sign in as an administrator',
          code: 'UNAUTHENTICATED',
        });
      return;
    }
    if (request.consentry) {
      request.consentry.actor = {
        staffId: principal.staffId,
        role: principal.role,
        userName: principal.email,
        purpose: null,
      };
    }
    if (principal.role !== 'admin' || principal.passwordChangeRequired) {
      const code = principal.role !== 'admin' ? 'ROLE_NOT_ALLOWED' : 'PASSWORD_CHANGE_REQUIRED';
      if (request.consentry) request.consentry.errorCode = code;
      // Refused in a Fastify hook, before Nest's error filter: recorded here, the same way.
      await this.audit.recordDenial({
        action: 'review',
        resource: 'queue_board',
        reason: code,
        actor: { staffId: principal.staffId, role: principal.role, purpose: null },
      });
      await reply
        .code(403)
        .send({ statusCode: 403, error: 'Forbidden', message: 'Administrators only', code });
    }
  }

  /** Records what an administrator did on the board (retry, promote, clean, remove, pause...). */
  private async recordAction(request: BoardRequest, reply: FastifyReply): Promise<void> {
    if (
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      reply.statusCode === 401 ||
      reply.statusCode === 403 ||
      reply.statusCode === 429
    ) {
      return;
    }
    const actor = request.consentry?.actor;
    const params = (request.params ?? {}) as Record<string, string>;
    const route = request.routeOptions?.url ?? 'unknown';
    try {
      await this.audit.record({
        action: request.method === 'DELETE' ? 'delete' : 'update',
        resource: 'queue_job',
        resourceId: typeof params.jobId === 'string' && UUID.test(params.jobId) ? params.jobId : null,
        outcome: reply.statusCode < 400 ? 'allowed' : 'denied',
        // The route pattern (e.g. PUT /queues/api/queues/:queueName/:jobId/retry/:queueStatus): an action, never a value.
        reason: `${request.method as HttpMethod} ${route}`,
        actor: { staffId: actor?.staffId ?? null, role: actor?.role ?? null, purpose: null },
      });
    } catch (error) {
      this.logger.error(`Could not record a queue board action: ${(error as Error).name}`);
    }
  }

  private async basic(header: string, ip: string): Promise<StaffPrincipal | null> {
    const key = createHash('sha256').update(this.config.JWT_SECRET).update(header).digest('base64url');
    const now = Date.now();
    const cached = this.basicCache.get(key);
    if (cached && cached.until > now) {
      await this.auth.assertCurrent(cached.principal);
      return cached.principal;
    }
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    try {
      const account = await this.sessions.checkSignIn(decoded.slice(0, colon), decoded.slice(colon + 1), ip);
      const principal: StaffPrincipal = {
        staffId: account.id,
        email: account.email,
        role: account.role,
        sessionVersion: account.sessionVersion,
        sessionId: null,
        passwordChangeRequired: account.mustChangePassword,
      };
      if (this.basicCache.size > 1000) this.basicCache.clear();
      this.basicCache.set(key, { principal, until: now + BASIC_CACHE_MS });
      return principal;
    } catch (error) {
      if (error instanceof TooManySignInsError) throw error;
      this.logger.warn('Refused a queue board sign-in');
      return null;
    }
  }
}
