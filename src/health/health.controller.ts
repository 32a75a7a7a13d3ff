import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import { AppConfig } from '@app/common/config/app-config';
import { ForbiddenError, UnauthenticatedError } from '@app/common/errors/domain-error';
import { REDIS } from '@app/common/redis/redis.module';
import { Public } from '@app/privacy';
import { MandateStoreHealth } from '../mandates';
import { carriesMetricsToken, MetricsService } from '../metrics';

/** How long each dependency may take to answer before it is reported down. */
const PING_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly mandateStore: MandateStoreHealth,
    private readonly config: AppConfig,
    private readonly metricsService: MetricsService,
  ) {}

  /** Liveness: the process answers; no dependency is asked, so a database outage restarts nothing. */
  @Get('health/live')
  @ApiOperation({ summary: 'Whether the process is alive (asks no dependency)' })
  @ApiOkResponse({
    description: 'The process answers',
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency a request needs answers; 503 otherwise, so a balancer skips this instance. */
  @Get('health/ready')
  @ApiOperation({ summary: 'Whether the database, Redis and the mandate store answer (503 when not)' })
  @Public()
  @HealthCheck()
  ready() {
    return this.check();
  }

  @Get('health')
  @ApiOperation({ summary: 'Whether the database, Redis and the mandate store answer' })
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const pong = await this.redis.ping();
          return pong === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected reply' });
        } catch {
          return indicator.down({ message: 'unreachable' });
        }
      },
      // Mandate data has its own pool and role: the main connection being up says nothing about it.
      async () => {
        const indicator = this.indicators.check('mandates');
        try {
          await this.mandateStore.ping(PING_TIMEOUT_MS);
          return indicator.up();
        } catch {
          return indicator.down({ message: 'unreachable' });
        }
      },
    ]);
  }

  /** Not for the public: the bearer token METRICS_TOKEN (no staff sign-in); refused to all without one configured. */
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (bearer METRICS_TOKEN)' })
  @Public()
  @ApiBearerAuth()
  @ApiOkResponse({
    description: 'Prometheus text format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or not METRICS_TOKEN' })
  @ApiForbiddenResponse({ description: 'METRICS_TOKEN is not configured: metrics are served to no one' })
  async metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const expected = this.config.METRICS_TOKEN;
    if (!expected)
      throw new ForbiddenError('Metrics are disabled: configure METRICS_TOKEN', 'METRICS_DISABLED');
    if (!carriesMetricsToken(authorization, expected)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError('The metrics token is missing or wrong');
    }
    const { contentType, body } = await this.metricsService.scrape();
    await reply.header('content-type', contentType).send(body);
  }
}
