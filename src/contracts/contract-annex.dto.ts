import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsPlainText } from '@app/common/validation/plain-text';
import { MoneyDto } from '../offers';
import { ContractCoverageDto, DATE, INSURED_OBJECT_SCHEMA, trim } from './contract.dto';
import {
  INSURED_OBJECT_TYPE,
  InsuredObjectDto,
  InsuredObjectInput,
  InsuredPersonDto,
  InsuredPropertyDto,
  InsuredVehicleDto,
} from './insured-object';

/** What an annex changes; at least one term. */
@ApiExtraModels(InsuredVehicleDto, InsuredPropertyDto, InsuredPersonDto)
export class AnnexChangesDto {
  @ApiPropertyOptional({
    type: MoneyDto,
    description: 'The new yearly premium; the commission follows at the contract’s rate',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  sumInsured?: MoneyDto;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'The new last day of cover' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endDate?: string;

  @ApiPropertyOptional({ type: [ContractCoverageDto], description: 'The whole new list of coverages' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ContractCoverageDto)
  coverages?: ContractCoverageDto[];

  @ApiPropertyOptional({
    ...INSURED_OBJECT_SCHEMA,
    description: 'The new insured object (e.g. a replaced vehicle)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => InsuredObjectDto, INSURED_OBJECT_TYPE)
  insuredObject?: InsuredObjectInput;
}

export class CreateAnnexDto {
  @ApiProperty({
    example: '2026-07-01',
    description: 'From when the change holds; within the contract’s period (its new end included)',
  })
  @IsString()
  @Matches(DATE, { message: 'effectiveDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  effectiveDate!: string;

  @ApiProperty({ type: AnnexChangesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AnnexChangesDto)
  changes!: AnnexChangesDto;

  @ApiProperty({ example: 'Zmiana pojazdu', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  reason!: string;
}

export class AnnexTermsDto {
  @ApiPropertyOptional({ type: MoneyDto }) premium?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto, description: 'Recomputed from the premium at the contract’s rate' })
  commission?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto }) sumInsured?: MoneyDto;
  @ApiPropertyOptional() endDate?: string;
  @ApiPropertyOptional({ type: [ContractCoverageDto] }) coverages?: ContractCoverageDto[];
  @ApiPropertyOptional({ ...INSURED_OBJECT_SCHEMA, nullable: true }) insuredObject?: unknown;
}

export class AnnexResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() effectiveDate?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: AnnexTermsDto, description: 'The new values (only terms the purpose reads)' })
  changes?: AnnexTermsDto;
  @ApiPropertyOptional({ type: AnnexTermsDto, description: 'The values before the annex' })
  previous?: AnnexTermsDto;
}
