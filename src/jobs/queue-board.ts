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
import { AuthService, StaffPrincipal } from '../auth';
import { QUEUES } from './jobs.constants';

export const QUEUE_BOARD_PATH = '/queues';
const BASIC_CACHE_MS = 60_000;

type BoardRequest = FastifyRequest & { consentry?: RequestContextState };

/**
 * Bull Board at /queues, for admins only. Its routes are a Fastify plugin, not Nest controllers,
 * so the global AccessGuard never sees them: an onRequest hook inside the plugin's own
 * encapsulated scope checks every request (page, assets and its JSON API alike) before any route
 * runs. It accepts the API's bearer token, or HTTP Basic with a staff e-mail and password so a
 * browser can open the page (the sign-in goes through AuthService, and failures are throttled like
 * the login route). Job payloads hold ids only, so the board shows no personal values.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger(QueueBoard.name);
  private readonly basicCache = new Map<string, { principal: StaffPrincipal; until: number }>();
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
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
      queues: Object.values(QUEUES).map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Consentry queues' } },
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.authorise(request as BoardRequest, reply));
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    });
  }

  private async authorise(request: BoardRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    let principal: StaffPrincipal | null = null;
    try {
      if (header.startsWith('Bearer ')) principal = this.auth.verify(header.slice(7).trim());
      else if (header.startsWith('Basic ')) principal = await this.basic(header, request.ip);
    } catch (error) {
      if ((error as { code?: string }).code === 'TOO_MANY_REQUESTS') {
        await reply.code(429).send({ statusCode: 429, error: 'Too Many Requests', message: 'Too many failed sign-ins', code: 'TOO_MANY_REQUESTS' });
        return;
      }
      principal = null;
    }
    if (!principal) {
      await reply
        .code(401)
        .header('www-authenticate', 'Basic realm="Consentry queues", charset="UTF-8"')
        .send({ statusCode: 401, error: 'Unauthorized', message: 'Sign in as an administrator', code: 'UNAUTHENTICATED' });
      return;
    }
    if (request.consentry) {
      request.consentry.actor = { staffId: principal.staffId, role: principal.role, userName: principal.email, purpose: null };
    }
    if (principal.role !== 'admin') {
      if (request.consentry) request.consentry.errorCode = 'ROLE_NOT_ALLOWED';
      await reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'Administrators only', code: 'ROLE_NOT_ALLOWED' });
    }
  }

  private async basic(header: string, ip: string): Promise<StaffPrincipal | null> {
    const key = createHash('sha256').update(this.config.JWT_SECRET).update(header).digest('base64url');
    const now = Date.now();
    const cached = this.basicCache.get(key);
    if (cached && cached.until > now) return cached.principal;
    const failure = this.failures.get(ip);
    if (failure && failure.resetAt > now && failure.count >= this.config.LOGIN_THROTTLE_LIMIT) {
      throw Object.assign(new Error('throttled'), { code: 'TOO_MANY_REQUESTS' });
    }
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    try {
      const { accessToken } = await this.auth.login(decoded.slice(0, colon), decoded.slice(colon + 1));
      const principal = this.auth.verify(accessToken);
      if (this.basicCache.size > 1000) this.basicCache.clear();
      this.basicCache.set(key, { principal, until: now + BASIC_CACHE_MS });
      return principal;
    } catch {
      const current = failure && failure.resetAt > now ? failure : { count: 0, resetAt: now + this.config.LOGIN_THROTTLE_TTL_MS };
      current.count += 1;
      this.failures.set(ip, current);
      if (this.failures.size > 10_000) this.failures.clear();
      this.logger.warn('Refused a queue board sign-in');
      return null;
    }
  }
}
