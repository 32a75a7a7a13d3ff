import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { toInt } from './config-constraints';
import { ScheduleConfig } from './schedule-config';

/** Where clients' documents are stored and how large they may be; part of AppConfig. */
export class DocumentsConfig extends ScheduleConfig {
  /**
   * Where clients' documents are kept: "local" (a directory, DOCUMENTS_DIR, one subdirectory per
   * database; the embedded default) or "s3" (an S3-compatible bucket such as MinIO).
   */
  @IsIn(['local', 's3'])
  DOCUMENTS_STORE: 'local' | 's3' = 'local';

  @IsString()
  @MinLength(1)
  DOCUMENTS_DIR = './var/documents';

  /** The largest document accepted, in bytes (a larger upload is refused with 413). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  DOCUMENTS_MAX_BYTES = 20 * 1024 * 1024;

  /** The S3 store: endpoint (MinIO: http://minio:9000), region, bucket and credentials. */
  @IsOptional()
  @IsString()
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsString()
  @MinLength(3)
  S3_BUCKET = 'consentry-documents';

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** MinIO and most self-hosted stores address buckets by path, not by host name. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';
}
