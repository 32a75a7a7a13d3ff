import 'reflect-metadata';
import { loadAppConfig } from '@app/common/config/app-config';
import { createApp } from '../../src/bootstrap';
import { PlainClientBenchModule } from './plain-client.module';

/** The application as production runs it, plus the benchmark-only baseline routes. */
async function main(): Promise<void> {
  // A profiled run (BENCH_CPU_PROFILE_DIR) exits normally on SIGTERM so that V8 writes the profile.
  if (process.env.BENCH_CPU_PROFILE_DIR) process.prependListener('SIGTERM', () => process.exit(0));
  const config = loadAppConfig(process.env);
  const app = await createApp(config, { logger: false, extraModules: [PlainClientBenchModule] });
  await app.listen({ port: config.PORT, host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
