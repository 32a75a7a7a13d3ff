import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { REDIS } from '@app/common/redis/redis.module';
import { Public } from '@app/privacy';

@ApiTags('operations')
@Controller()
export class HealthController {
  private readonly registry = new Registry();

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    // A registry per app instance: tests that build the app twice must not register metrics twice.
    collectDefaultMetrics({ register: this.registry, prefix: 'consentry_' });
  }

  @Get('health')
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const pong = await this.redis.ping();
          return pong === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected reply' });
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
