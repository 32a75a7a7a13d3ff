import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { REDIS } from '@app/common/redis/redis.module';
import { Public } from '@app/privacy';
import { MandateStoreHealth } from '../mandates';

/** How long each dependency may take to answer before it is reported down. */
const PING_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  private readonly registry = new Registry();

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly mandateStore: MandateStoreHealth,
  ) {
    // A registry per app instance: tests that build the app twice must not register metrics twice.
    collectDefaultMetrics({ register: this.registry, prefix: 'consentry_' });
  }

  @Get('health')
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

  @Get('metrics')
  @Public()
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.registry.contentType).send(await this.registry.metrics());
  }
}
