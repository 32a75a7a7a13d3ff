import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuditSealer, AuditVerifier, VerifyResult } from '@app/audit';
import { AppConfig, loadAppConfig } from '@app/common/config/app-config';
import { WorkerModule } from '../worker.module';

/**
 * Exit codes for cron: 0 intact, 1 not valid (an entry does not match its seal, the chain is cut
 * short or rewritten behind the newest checkpoint, or that checkpoint's signature fails; `reason`
 * says which), 2 intact but an entry waits too long to be sealed, or a seal to be checkpointed.
 */
export const EXIT_INTACT = 0;
export const EXIT_BROKEN = 1;
export const EXIT_UNSEALED_ALARM = 2;

export function exitCodeFor(result: VerifyResult): number {
  if (!result.valid) return EXIT_BROKEN;
  return result.alarm ? EXIT_UNSEALED_ALARM : EXIT_INTACT;
}

/**
 * `npm run audit:verify`: seals what is waiting, walks the whole chain of the record of
 * operations, holds it against the newest checkpoint in AUDIT_CHECKPOINT_DIR and prints the
 * result as JSON. It needs the deployment's AUDIT_CHAIN_KEY and AUDIT_CHECKPOINT_SIGNING_KEY.
 */
export async function auditVerify(config: AppConfig): Promise<{ result: VerifyResult; exitCode: number }> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: false }),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    const sealer = app.get(AuditSealer);
    await sealer.sealNow();
    await sealer.sealNow();
    const result = await app.get(AuditVerifier).verify();
    return { result, exitCode: exitCodeFor(result) };
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  auditVerify(loadAppConfig(process.env))
    .then(({ result, exitCode }) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(exitCode);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `Verification could not run: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(3);
    });
}
