import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { FourDecimalPlaces } from '@app/common/validation/decimal-places';
import { IsPlainText } from '@app/common/validation/plain-text';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { COVERAGE_CODES } from './coverage-codes';
import { MoneyDto } from './money';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z][a-z_]{0,39}$/;
const VOCABULARY = Object.entries(COVERAGE_CODES)
  .map(([line, codes]) => `${line}: ${codes.join(', ')}`)
  .join('; ');

export class NeedsDto {
  @ApiProperty({
    type: [String],
    example: ['oc', 'ac'],
    description: `Coverage codes of the line of business (${VOCABULARY})`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(CODE, { each: true, message: 'requiredCoverages must hold coverage codes' })
  requiredCoverages!: string[];

  @ApiPropertyOptional({ type: MoneyDto, description: 'The most the client wants to pay' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  maxPremium?: MoneyDto;

  @ApiPropertyOptional({ example: 'Drives daily to work; garage at home.', maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  @IsPlainText({ multiline: true })
  notes?: string;
}

export class CreateOfferRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ enum: LINES_OF_BUSINESS })
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness!: LineOfBusiness;

  @ApiProperty({ type: NeedsDto, description: 'The demands-and-needs analysis' })
  @IsObject()
  @ValidateNested()
  @Type(() => NeedsDto)
  needs!: NeedsDto;
}

/** Corrected needs: only the fields given change; null clears maxPremium or notes. */
export class UpdateNeedsDto {
  @ApiPropertyOptional({ type: [String], example: ['oc', 'ac'] })
  @ValidateIf((o: UpdateNeedsDto) => o.requiredCoverages !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(CODE, { each: true, message: 'requiredCoverages must hold coverage codes' })
  requiredCoverages?: string[];

  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  maxPremium?: MoneyDto | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 4000, description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  @IsPlainText({ multiline: true })
  notes?: string | null;
}

/** A correction of an open offer request: the line (while it has no quotes) and the needs. */
export class UpdateOfferRequestDto {
  @ApiPropertyOptional({ enum: LINES_OF_BUSINESS, description: 'Only while the request has no quotes' })
  @ValidateIf((o: UpdateOfferRequestDto) => o.lineOfBusiness !== undefined)
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness?: LineOfBusiness;

  @ApiPropertyOptional({ type: UpdateNeedsDto })
  @ValidateIf((o: UpdateOfferRequestDto) => o.needs !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateNeedsDto)
  needs?: UpdateNeedsDto;
}

export class ListOfferRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ enum: ['open', 'concluded'] })
  @IsOptional()
  @IsIn(['open', 'concluded'])
  status?: 'open' | 'concluded';

  @ApiPropertyOptional({ enum: LINES_OF_BUSINESS })
  @IsOptional()
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness?: LineOfBusiness;
}

export class CoverageDto {
  @ApiProperty({ example: 'oc' })
  @IsString()
  @Matches(CODE, { message: 'code must be a coverage code' })
  code!: string;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  limit!: MoneyDto;
}

/** An insurer's offer, or (declined: true) its refusal with the reason. */
export class CreateQuoteDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  insurerId!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'The insurer declined to offer; give declineReason and no offer fields',
  })
  @IsOptional()
  @IsBoolean()
  declined?: boolean;

  @ApiPropertyOptional({ example: 'Risk outside underwriting guidelines', maxLength: 1000 })
  @ValidateIf((o: CreateQuoteDto) => o.declined === true || o.declineReason !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  declineReason?: string;

  @ApiPropertyOptional({ example: 'Auto Komfort', description: 'Required unless declined' })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.productName !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  productName?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required unless declined' })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.premium !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required unless declined' })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.sumInsured !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  sumInsured?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required unless declined' })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.deductible !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  deductible?: MoneyDto;

  @ApiPropertyOptional({
    type: [CoverageDto],
    description: "Required unless declined; codes of the request's line of business",
  })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.coverages !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CoverageDto)
  coverages?: CoverageDto[];

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Last day the offer may be accepted; required unless declined; not in the past',
  })
  @ValidateIf((o: CreateQuoteDto) => o.declined !== true || o.validUntil !== undefined)
  @IsString()
  @Matches(DATE, { message: 'validUntil must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiPropertyOptional({
    example: 0.12,
    description: 'Broker commission as a fraction of the premium (0.12 = 12 %); default 0',
  })
  // class-validator's maxDecimalPlaces throws on numbers printed in exponent form (1e-7), so the
  // precision is checked here instead: whole basis points of a percent (4 decimal places).
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(FourDecimalPlaces)
  commissionRate?: number;
}

/**
 * A correction of a quote before conclusion: only the fields given change, each validated as on
 * entry. An offer's fields for an offered quote, the reason for a declined one.
 */
export class UpdateQuoteDto {
  @ApiPropertyOptional({
    example: 'Risk outside underwriting guidelines',
    description: 'Declined quotes only',
  })
  @ValidateIf((o: UpdateQuoteDto) => o.declineReason !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  declineReason?: string;

  @ApiPropertyOptional({ example: 'Auto Komfort' })
  @ValidateIf((o: UpdateQuoteDto) => o.productName !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  productName?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @ValidateIf((o: UpdateQuoteDto) => o.premium !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @ValidateIf((o: UpdateQuoteDto) => o.sumInsured !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  sumInsured?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @ValidateIf((o: UpdateQuoteDto) => o.deductible !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  deductible?: MoneyDto;

  @ApiPropertyOptional({ type: [CoverageDto], description: "The whole list; codes of the request's line" })
  @ValidateIf((o: UpdateQuoteDto) => o.coverages !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CoverageDto)
  coverages?: CoverageDto[];

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Not in the past' })
  @ValidateIf((o: UpdateQuoteDto) => o.validUntil !== undefined)
  @IsString()
  @Matches(DATE, { message: 'validUntil must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiPropertyOptional({ example: 0.12 })
  @ValidateIf((o: UpdateQuoteDto) => o.commissionRate !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(FourDecimalPlaces)
  commissionRate?: number;
}
