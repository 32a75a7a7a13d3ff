import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { FieldCipher } from '@app/common/crypto/field-cipher';

/** What each demo seed step gets. Steps must be idempotent: re-running `npm run demo` is safe. */
export interface SeedContext {
  app: INestApplicationContext;
  db: DataSource;
  config: AppConfig;
  cipher: FieldCipher;
  log: (message: string) => void;
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}
