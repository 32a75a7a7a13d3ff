import 'reflect-metadata';
import { Controller, Get, Inject, Module, OnModuleDestroy, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';

/**
 * The ceiling: what NestJS on Fastify can serve at all on this machine for the same lookups, with
 * no application module in the way (no auth, hooks, helmet, TypeORM, guard, pipes, record). Its
 * own process, so that nothing the application loads shares its event loop. Run by `npm run bench`
 * only; P1 and P2 report their ratios against it beside the in-app baseline.
 */
const POOL = Symbol('pg-pool');

@Controller('ceiling/clients')
class CeilingClientController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  /** A raw page of 100 clients, newest first: the ceiling of P2. */
  @Get()
  async page() {
    const { rows } = await this.pool.query(
      `SELECT * FROM client ORDER BY created_at DESC, id DESC LIMIT 100`,
    );
    return { items: rows };
  }

  /** One primary-key SELECT of the client row: the ceiling of P1. */
  @Get(':id')
  async one(@Param('id') id: string) {
    const { rows } = await this.pool.query(`SELECT * FROM client WHERE id = $1`, [id]);
    return rows[0];
  }
}

@Module({
  controllers: [CeilingClientController],
  providers: [
    {
      provide: POOL,
      useFactory: () => new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }),
    },
  ],
})
class CeilingModule implements OnModuleDestroy {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

async function main(): Promise<void> {
  // A profiled run (BENCH_CPU_PROFILE_DIR) exits normally on SIGTERM so that V8 writes the profile.
  if (process.env.BENCH_CPU_PROFILE_DIR) process.prependListener('SIGTERM', () => process.exit(0));
  const app = await NestFactory.create<NestFastifyApplication>(
    CeilingModule,
    new FastifyAdapter({ logger: false }),
    { logger: false },
  );
  app.enableShutdownHooks();
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`ceiling server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
