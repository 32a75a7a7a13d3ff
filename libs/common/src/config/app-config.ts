import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
} from 'class-validator';
import {
  AfterStartHourConstraint,
  Ed25519PrivateKeyConstraint,
  TimeZoneConstraint,
  toInt,
} from './config-constraints';
import { ObservabilityConfig } from './observability-config';
import { APP_ROLE, MANDATE_ROLE, SEALER_ROLE, urlWithUser } from '../database/roles';
import {
  DEVELOPMENT_SECRETS,
  PUBLISHED_SECRET_VALUES,
  SECRET_KEYS,
  readSecretFiles,
  secretProblem,
} from './secrets';

export { DEVELOPMENT_SECRETS, SECRET_KEYS } from './secrets';
export { parseEd25519PrivateKey } from './config-constraints';

/**
 * The one place configuration is read and validated. Everything else receives an AppConfig instance.
 */
export class AppConfig extends ObservabilityConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/crm';

  /**
   * The application's own connection at run time. Defaults to DATABASE_URL's server and database,
   * logging in as consentry_app (no superuser, no privilege on schema `mandate`); DATABASE_URL's
   * user owns the schema and only runs migrations.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'APP_DATABASE_URL must be a postgres:// URL' })
  APP_DATABASE_URL?: string;

  /**
   * Connection for data processed on insurers' behalf (mandates). Defaults to the same server and
   * database as DATABASE_URL, logging in as the mandate role.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'MANDATE_DATABASE_URL must be a postgres:// URL' })
  MANDATE_DATABASE_URL?: string;

  get appDatabaseUrl(): string {
    return this.APP_DATABASE_URL ?? urlWithUser(this.DATABASE_URL, APP_ROLE);
  }

  get mandateDatabaseUrl(): string {
    return this.MANDATE_DATABASE_URL ?? urlWithUser(this.DATABASE_URL, MANDATE_ROLE);
  }

  /**
   * The record-of-operations sealer's own connection: the only role that may write seals. Defaults
   * to DATABASE_URL's server and database, logging in as consentry_sealer.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'SEALER_DATABASE_URL must be a postgres:// URL' })
  SEALER_DATABASE_URL?: string;

  get sealerDatabaseUrl(): string {
    return this.SEALER_DATABASE_URL ?? urlWithUser(this.DATABASE_URL, SEALER_ROLE);
  }

  /**
   * A read-only connection (a streaming replica) for the record of operations' queries and reports:
   * the review, its CSV export and the anomalies. Defaults to the application's own connection to
   * the primary. Reads through it run in read-only transactions.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'READ_DATABASE_URL must be a postgres:// URL' })
  READ_DATABASE_URL?: string;

  get readDatabaseUrl(): string {
    return this.READ_DATABASE_URL ?? this.appDatabaseUrl;
  }

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key of this deployment, so test runs and the demo never share queues. */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'consentry';

  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** The sender of every mail: the broker (the controller in the notice), never the software. */
  @IsString()
  MAIL_FROM = '"JPU Sp. z o.o." <biuro@jpu24.pl>';

  @IsString()
  @MinLength(8)
  DEMO_PASSWORD = 'demo-password';

  @IsString()
  @MinLength(32)
  JWT_SECRET: string = DEVELOPMENT_SECRETS.JWT_SECRET;

  /** Access tokens are short-lived; a refresh token (rotated on every use) renews them. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** How long a refresh token stays usable; each use rotates it and starts the period again. */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(90 * 86400)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 86400;

  /** 32 bytes as 64 hex characters: the AES-256-GCM key for PESEL and other encrypted fields. */
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'FIELD_ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  FIELD_ENCRYPTION_KEY: string = DEVELOPMENT_SECRETS.FIELD_ENCRYPTION_KEY;

  @IsString()
  @MinLength(32)
  BLIND_INDEX_KEY: string = DEVELOPMENT_SECRETS.BLIND_INDEX_KEY;

  @IsString()
  @MinLength(32)
  UNSUBSCRIBE_SECRET: string = DEVELOPMENT_SECRETS.UNSUBSCRIBE_SECRET;

  /** Base URL that links in mails point to; by default the address the app listens at (PORT). */
  @IsString()
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /**
   * Whether the app is reached over HTTPS; only then may pages tell browsers to upgrade their
   * requests (over plain HTTP under a host name that would break the workplace and the unsubscribe page).
   */
  get servedOverHttps(): boolean {
    return /^https:\/\//i.test(this.PUBLIC_BASE_URL);
  }

  /** Failed sign-ins one account may have per LOGIN_THROTTLE_TTL_MS, from any address (successes spend nothing). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_THROTTLE_LIMIT = 10;

  /** Failed sign-ins one client address may have per LOGIN_THROTTLE_TTL_MS, over all accounts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_ADDRESS_THROTTLE_LIMIT = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  LOGIN_THROTTLE_TTL_MS = 60000;

  /** How long the API and the worker may take to stop after SIGTERM before they exit regardless. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 20_000;

  /** How often the record-of-operations sealer chains new entries, and when an unsealed entry is an alarm. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  AUDIT_SEAL_INTERVAL_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUDIT_UNSEALED_ALARM_SECONDS = 60;

  /**
   * The key of the record's chain: each seal is HMAC-SHA-256 under it. The database never holds
   * it, so whoever can write the tables still cannot compute a seal that verifies.
   */
  @IsString()
  @MinLength(32)
  AUDIT_CHAIN_KEY: string = DEVELOPMENT_SECRETS.AUDIT_CHAIN_KEY;

  /** Signs the checkpoints of the chain (Ed25519; PEM, or base64 of the PKCS#8 DER form). */
  @IsString()
  @Validate(Ed25519PrivateKeyConstraint)
  AUDIT_CHECKPOINT_SIGNING_KEY: string = DEVELOPMENT_SECRETS.AUDIT_CHECKPOINT_SIGNING_KEY;

  /**
   * Where signed checkpoints of the chain's head are written, outside the database: append-only
   * files, one per checkpoint, in a subdirectory per database. Shared by every instance.
   */
  @IsString()
  @MinLength(1)
  AUDIT_CHECKPOINT_DIR = './var/audit-checkpoints';

  /** How often the sealer writes a checkpoint (when the chain has grown since the last one). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Anomalies in the record of operations: a member of staff reading more distinct clients than this in an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ANOMALY_DISTINCT_CLIENTS_PER_HOUR = 100;

  /** Working hours (local time in ANOMALY_TIME_ZONE, start inclusive, end exclusive) and ISO weekdays (1 = Monday). */
  @IsString()
  @Validate(TimeZoneConstraint)
  ANOMALY_TIME_ZONE = 'Europe/Warsaw';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  ANOMALY_WORK_START_HOUR = 7;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  @Validate(AfterStartHourConstraint)
  ANOMALY_WORK_END_HOUR = 19;

  @Matches(/^[1-7](,[1-7])*$/, { message: 'ANOMALY_WORK_DAYS must list ISO weekdays 1-7, e.g. 1,2,3,4,5' })
  ANOMALY_WORK_DAYS = '1,2,3,4,5';

  /** A burst: more than this many denied attempts by one member of staff within ANOMALY_DENIED_BURST_MINUTES. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ANOMALY_DENIED_BURST_COUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  ANOMALY_DENIED_BURST_MINUTES = 10;

  /** Entry ids listed per finding (the finding also gives the full count). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  ANOMALY_MAX_ENTRY_IDS = 100;

  /** Outgoing mail: at most this many messages per minute, across all workers (BullMQ's limiter is per queue). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_RATE_PER_MINUTE = 6000;

  /**
   * Send jobs one worker process runs at once. They share MAIL_POOL_SIZE pooled SMTP connections;
   * several per connection keep every connection busy while others wait on the database.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  MAIL_CONCURRENCY = 25;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_POOL_SIZE = 5;

  /** Attempts per mail when the SMTP server surely did not take it (exponential backoff from MAIL_RETRY_DELAY_MS). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_SEND_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  MAIL_RETRY_DELAY_MS = 30000;

  /** A job whose worker stops renewing its lock for this long is taken as stalled (crashed worker). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_LOCK_DURATION_MS = 30000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_STALLED_INTERVAL_MS = 30000;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigValidationError extends Error {}

/** Builds and validates the configuration from an environment map; throws with every problem listed. */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const known = new AppConfig();
  const relevant: Record<string, string> = readSecretFiles(env, env.SECRETS_DIR);
  for (const key of Object.keys(known)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  // Links in mail must reach the app where it is served: without a base URL of its own, the port it listens on.
  if (!relevant.PUBLIC_BASE_URL && relevant.PORT)
    relevant.PUBLIC_BASE_URL = `http://localhost:${relevant.PORT}`;
  if (env.APP_DATABASE_URL) relevant.APP_DATABASE_URL = env.APP_DATABASE_URL;
  if (env.MANDATE_DATABASE_URL) relevant.MANDATE_DATABASE_URL = env.MANDATE_DATABASE_URL;
  if (env.SEALER_DATABASE_URL) relevant.SEALER_DATABASE_URL = env.SEALER_DATABASE_URL;
  if (env.READ_DATABASE_URL) relevant.READ_DATABASE_URL = env.READ_DATABASE_URL;
  if (env.REQUEST_LOG_RETENTION_DAYS) relevant.REQUEST_LOG_RETENTION_DAYS = env.REQUEST_LOG_RETENTION_DAYS;
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  const fields = known as unknown as Record<string, unknown>;
  const codeDefaults = Object.keys(SECRET_KEYS)
    .map((key) => fields[key])
    .filter((value): value is string => typeof value === 'string');
  for (const key of Object.keys(SECRET_KEYS)) {
    const given = relevant[key];
    const problem = secretProblem(key, given, config.isProduction, codeDefaults);
    if (problem && !problems.some((p) => p.startsWith(key))) problems.push(problem);
  }
  // The metrics token is optional, but a published one guards nothing.
  if (
    config.isProduction &&
    config.METRICS_TOKEN &&
    PUBLISHED_SECRET_VALUES.has(config.METRICS_TOKEN.trim())
  ) {
    problems.push('METRICS_TOKEN is a value published with the code; generate one of your own');
  }
  if (problems.length > 0) throw new ConfigValidationError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
