import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, validateSync } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { DOCUMENT_CATEGORIES, DocumentCategory } from '@app/privacy';

/** The text fields of the multipart upload; they must come before the `file` part. */
export class UploadDocumentFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A contract of the same client' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The claim the document belongs to (category claim)' })
  @IsOptional()
  @IsUUID()
  claimId?: string;

  @ApiProperty({ enum: DOCUMENT_CATEGORIES })
  @IsIn(DOCUMENT_CATEGORIES)
  category!: DocumentCategory;
}

/** The multipart body as the OpenAPI document describes it (the service reads it as a stream). */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object' as const,
  required: ['clientId', 'category', 'file'],
  description:
    'multipart/form-data; the fields first, then `file` (PDF, JPEG or PNG, at most DOCUMENTS_MAX_BYTES)',
  properties: {
    clientId: { type: 'string' as const, format: 'uuid' },
    contractId: { type: 'string' as const, format: 'uuid' },
    claimId: { type: 'string' as const, format: 'uuid' },
    category: { type: 'string' as const, enum: [...DOCUMENT_CATEGORIES] },
    file: { type: 'string' as const, format: 'binary' },
  },
};

/** The upload's fields validated as every body is: unknown fields, bad ids and categories are a 400. */
export function validateUploadFields(fields: Record<string, string>): UploadDocumentFieldsDto {
  const dto = plainToInstance(UploadDocumentFieldsDto, fields);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const details = errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) }));
    throw new ValidationFailedError(details.map((d) => d.problems.join(', ')).join('; '), {
      fields: details.map((d) => d.field),
      errors: details,
    });
  }
  return dto;
}

export class ListDocumentsQueryDto extends PageQueryDto {}

export class DocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) claimId!: string | null;
  @ApiProperty({ enum: DOCUMENT_CATEGORIES }) category!: DocumentCategory;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ description: 'The file’s name as uploaded' }) fileName?: string;
  @ApiPropertyOptional({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Bytes' }) size?: number;
  @ApiPropertyOptional({ description: 'SHA-256 of the content, hex' }) checksum?: string;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentResponseDto], description: 'Newest first' })
  items!: DocumentResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
