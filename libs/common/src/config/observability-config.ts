import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { toInt } from './config-constraints';
import { DocumentsConfig } from './documents-config';

/** Logs, the request log's files and the metrics servers; part of AppConfig. */
export class ObservabilityConfig extends DocumentsConfig {
  /**
   * Bearer token that GET /metrics requires. Unset: /metrics is refused to everyone (403), since
   * the numbers describe the deployment and are not for the public.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable ASCII without spaces' })
  METRICS_TOKEN: string | undefined = undefined;

  /**
   * Port of the worker's own metrics server (`/metrics` with METRICS_TOKEN, `/health/live`). Unset:
   * the worker serves nothing. 0 picks a free port (tests).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT: number | undefined = undefined;

  /** Address the worker's metrics server listens on; in a container, 0.0.0.0. */
  @IsString()
  WORKER_METRICS_HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** Where the HTTP request log goes: "stdout" or a file path (rotated daily). */
  @IsString()
  REQUEST_LOG = 'stdout';

  /** Days the request log files are kept; by default the registry's term (LOG_TERMS.requestLog). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  REQUEST_LOG_RETENTION_DAYS?: number;
}
