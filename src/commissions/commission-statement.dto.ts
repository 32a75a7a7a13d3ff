import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';
import { MoneyDto } from '../offers';
import { SignedMoneyDto } from './commission-agreement.dto';
import { LINE_STATUSES } from './reconciliation';

/** Characters of the largest statement, and the request body room for it. */
export const MAX_STATEMENT_CHARS = 4 * 1024 * 1024;
export const STATEMENT_BODY_LIMIT = MAX_STATEMENT_CHARS * 4 + 64 * 1024;

export class StatementMappingDto {
  @ApiProperty({ example: 'Nr polisy', description: 'The header of the column holding policy numbers' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPlainText()
  policyNumber!: string;

  @ApiProperty({
    example: 'Prowizja',
    description: 'The header of the column holding the commission in złote',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPlainText()
  commission!: string;
}

export class CreateCommissionStatementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  insurerId!: string;

  @ApiProperty({ enum: ['csv'] })
  @IsIn(['csv'])
  format!: 'csv';

  @ApiProperty({
    description:
      'The statement as CSV text (UTF-8, a header row, `;` or `,` separated); the commission in złote (`123,45` or `123.45`). Rows of the same policy are added up.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_STATEMENT_CHARS)
  content!: string;

  @ApiPropertyOptional({
    type: StatementMappingDto,
    description:
      'The insurer’s column names, kept for its next statements; without it, the mapping kept for the insurer, or `policyNumber` and `commission`',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatementMappingDto)
  mapping?: StatementMappingDto;
}

export class StatementAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ListCommissionStatementsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  insurerId?: string;
}

export class StatementExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv'])
  format?: 'csv';
}

const PERSONAL = 'Present only when the purpose may read it';

export class StatementLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) statementId!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The row of the file; null for a missing policy',
  })
  rowNumber!: number | null;
  @ApiProperty({ enum: LINE_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for an unknown policy' })
  contractId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiPropertyOptional({ description: PERSONAL }) policyNumber?: string;
  @ApiPropertyOptional({
    type: MoneyDto,
    nullable: true,
    description: `Null for an unknown policy. ${PERSONAL}`,
  })
  expected?: MoneyDto | null;
  @ApiPropertyOptional({
    type: SignedMoneyDto,
    nullable: true,
    description: `Null when missing. ${PERSONAL}`,
  })
  paid?: SignedMoneyDto | null;
  @ApiPropertyOptional({ type: SignedMoneyDto, description: `Paid minus expected. ${PERSONAL}` })
  difference?: SignedMoneyDto;
  @ApiPropertyOptional({ nullable: true, type: String, description: `Null until settled. ${PERSONAL}` })
  settledAt?: string | null;
}

export class StatementCountsDto {
  @ApiProperty({ type: 'integer' }) matched!: number;
  @ApiProperty({ type: 'integer' }) differs!: number;
  @ApiProperty({ type: 'integer' }) unknown_policy!: number;
  @ApiProperty({ type: 'integer' }) missing!: number;
  @ApiProperty({ type: 'integer' }) settled!: number;
  @ApiProperty({ type: 'integer' }) lines!: number;
}

export class StatementSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty() importedAt!: string;
  @ApiProperty({ type: StatementMappingDto }) mapping!: StatementMappingDto;
  @ApiProperty({ type: StatementCountsDto }) counts!: StatementCountsDto;
  @ApiProperty({ type: MoneyDto }) expected!: MoneyDto;
  @ApiProperty({ type: SignedMoneyDto }) paid!: SignedMoneyDto;
  @ApiProperty({ type: SignedMoneyDto }) difference!: SignedMoneyDto;
}

export class StatementResponseDto extends StatementSummaryDto {
  @ApiProperty({
    type: [StatementLineDto],
    description: 'The file’s lines in order, then the missing policies',
  })
  lines!: StatementLineDto[];
}

export class StatementMappingResponseDto extends StatementMappingDto {
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty({ description: 'Whether the mapping was kept from an earlier statement (else the default)' })
  kept!: boolean;
}
