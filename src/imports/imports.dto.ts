import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IMPORT_FORMATS, ImportFormat } from './book-columns';
import { IMPORT_STATUSES } from './book-import.repository';

/** The largest file accepted, decoded (10 MB: some 60,000 rows of a typical book). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Base64 text of the largest file, and the request body room for it. */
export const MAX_CONTENT_LENGTH = Math.ceil(MAX_FILE_BYTES / 3) * 4;
export const IMPORT_BODY_LIMIT = MAX_CONTENT_LENGTH + 64 * 1024;

export class CreateImportDto {
  @ApiProperty({ enum: ['book'], description: 'What the file holds: a book of clients and policies' })
  @IsIn(['book'])
  kind!: 'book';

  @ApiProperty({ enum: IMPORT_FORMATS })
  @IsIn(IMPORT_FORMATS)
  format!: ImportFormat;

  @ApiProperty({
    description:
      'The file, base64-encoded (at most 10 MB decoded). CSV: UTF-8 (a BOM is allowed), `;` or `,` separated, a header row. XLSX: the first sheet, a header row.',
  })
  @IsString()
  @MaxLength(MAX_CONTENT_LENGTH)
  @IsBase64()
  content!: string;

  @ApiProperty({ description: 'true: check the file and report every error, store nothing' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The team whose portfolio takes new clients (default: your only team)',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class ImportAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ImportErrorDto {
  @ApiProperty({ type: 'integer', description: 'The row a spreadsheet shows; the header is row 1' })
  row!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The column’s header name; null for the row as a whole',
  })
  column!: string | null;
  @ApiProperty({ example: 'INVALID_PESEL' }) code!: string;
  @ApiProperty({ description: 'What is wrong, in Polish; never the cell’s value' }) message!: string;
}

export class ImportResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['book'] }) kind!: 'book';
  @ApiProperty({ enum: IMPORT_FORMATS }) format!: ImportFormat;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({
    enum: IMPORT_STATUSES,
    description:
      'queued, validating, storing; then done (checked, and stored unless a dry run), rejected (errors: nothing stored) or failed',
  })
  status!: string;
  @ApiProperty({ type: 'integer', description: 'Data rows of the file' }) rows!: number;
  @ApiProperty({ type: 'integer', description: 'Rows processed so far in the current step' })
  processed!: number;
  @ApiProperty({ type: 'integer', description: 'Rows that stored a new client or a new policy' })
  stored!: number;
  @ApiProperty({ type: 'integer' }) clientsCreated!: number;
  @ApiProperty({ type: 'integer' }) contractsCreated!: number;
  @ApiProperty({ type: 'integer', description: 'All errors found; `errors` lists the first 1000' })
  errorCount!: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors!: ImportErrorDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: ['csv'], description: 'Only CSV: an XLSX file takes the same header row' })
  @IsOptional()
  @IsIn(['csv'])
  format?: 'csv';
}

/** The job's payload: the import's id only; the file waits in the import's row, not in Redis. */
export class BookImportPayload {
  @IsUUID()
  importId!: string;
}
