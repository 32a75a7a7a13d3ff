import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Development defaults for secrets; refused at boot when NODE_ENV=production. */
export const DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789',
  FIELD_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  BLIND_INDEX_KEY: 'dev-only-blind-index-key-change-me-0123',
  UNSUBSCRIBE_SECRET: 'dev-only-unsubscribe-secret-change-me-01',
} as const;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * The one place configuration is read and validated. Everything else receives an AppConfig instance.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/crm';

  /**
   * Connection for data processed on insurers' behalf (mandates). Defaults to the same server and
   * database as DATABASE_URL, logging in as the mandate role.
   */
  @IsOptional() @IsString()
  MANDATE_DATABASE_URL?: string;

  @IsString() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key of this deployment, so test runs and the demo never share queues. */
  @IsString() @MinLength(1)
  REDIS_PREFIX = 'consentry';

  @IsString() @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  MAIL_FROM = 'Consentry <no-reply@consentry.local>';

  @IsString() @MinLength(8)
  DEMO_PASSWORD = 'demo-password';

  @IsString() @MinLength(32)
  JWT_SECRET: string = DEVELOPMENT_SECRETS.JWT_SECRET;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** 32 bytes as 64 hex characters: the AES-256-GCM key for PESEL and other encrypted fields. */
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'FIELD_ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  FIELD_ENCRYPTION_KEY: string = DEVELOPMENT_SECRETS.FIELD_ENCRYPTION_KEY;

  @IsString() @MinLength(32)
  BLIND_INDEX_KEY: string = DEVELOPMENT_SECRETS.BLIND_INDEX_KEY;

  @IsString() @MinLength(32)
  UNSUBSCRIBE_SECRET: string = DEVELOPMENT_SECRETS.UNSUBSCRIBE_SECRET;

  /** Base URL that links in mails point to. */
  @IsString()
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_THROTTLE_LIMIT = 10;

  @Transform(toInt) @IsInt() @Min(1000)
  LOGIN_THROTTLE_TTL_MS = 60000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** Where the HTTP request log goes: "stdout" or a file path (rotated daily). */
  @IsString()
  REQUEST_LOG = 'stdout';

  @Transform(toInt) @IsInt() @Min(1) @Max(3650)
  REQUEST_LOG_RETENTION_DAYS = 30;

  /** How often the record-of-operations sealer chains new entries, and when an unsealed entry is an alarm. */
  @Transform(toInt) @IsInt() @Min(10)
  AUDIT_SEAL_INTERVAL_MS = 200;

  @Transform(toInt) @IsInt() @Min(1)
  AUDIT_UNSEALED_ALARM_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigValidationError extends Error {}

/** Builds and validates the configuration from an environment map; throws with every problem listed. */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const known = new AppConfig();
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(known)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  if (env.MANDATE_DATABASE_URL) relevant.MANDATE_DATABASE_URL = env.MANDATE_DATABASE_URL;
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.isProduction) {
    for (const [key, devValue] of Object.entries(DEVELOPMENT_SECRETS)) {
      if ((config as unknown as Record<string, string>)[key] === devValue) {
        problems.push(`${key} must be set in production (the development default is refused)`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
