import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { FourDecimalPlaces } from '@app/common/validation/decimal-places';
import { IsPlainText } from '@app/common/validation/plain-text';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { CoverageDto, MoneyDto, NeedsDto } from '../offers';
import { CONTRACT_SOURCES, ContractSource } from './contract-row';
import { CONTRACT_STATUSES, ContractStatus } from './contract-status';
import {
  INSURED_OBJECT_TYPE,
  InsuredObjectDto,
  InsuredObjectInput,
  InsuredPersonDto,
  InsuredPropertyDto,
  InsuredVehicleDto,
} from './insured-object';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

const POLICY_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u;
const CODE = /^[a-z][a-z_]{0,39}$/;
export const INSURED_OBJECT_SCHEMA = {
  oneOf: [
    { $ref: getSchemaPath(InsuredVehicleDto) },
    { $ref: getSchemaPath(InsuredPropertyDto) },
    { $ref: getSchemaPath(InsuredPersonDto) },
  ],
  discriminator: { propertyName: 'kind' },
};

export class ContractCoverageDto {
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

/** A policy entered into the register directly: brought by the client or taken over from another broker. */
@ApiExtraModels(InsuredVehicleDto, InsuredPropertyDto, InsuredPersonDto)
export class RegisterContractDto {
  @ApiProperty({ format: 'uuid', description: 'The policyholder: a client visible to the caller' })
  @IsUUID()
  policyholderId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The insured, when another client than the policyholder (visible to the caller)',
  })
  @IsOptional()
  @IsUUID()
  insuredId?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  insurerId!: string;

  @ApiProperty({ enum: LINES_OF_BUSINESS })
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness!: LineOfBusiness;

  @ApiProperty({ example: 'PL-OC-2026-000123', description: 'Unique per insurer' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  @Matches(POLICY_NUMBER, { message: 'policyNumber may hold letters, digits, spaces and . / _ -' })
  policyNumber!: string;

  @ApiProperty({ example: 'Auto Komfort' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  productName!: string;

  @ApiProperty({ example: '2026-01-15' })
  @IsString()
  @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startDate!: string;

  @ApiProperty({ example: '2027-01-14', description: 'Last day of cover; after startDate' })
  @IsString()
  @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endDate!: string;

  @ApiProperty({ type: MoneyDto, description: 'The yearly premium, in grosze' })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  premium!: MoneyDto;

  @ApiPropertyOptional({
    type: MoneyDto,
    description: "Default: the property's sum insured, otherwise 0",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  sumInsured?: MoneyDto;

  @ApiProperty({
    enum: CONTRACT_SOURCES,
    description: "own: the broker's; transferred: taken over from another broker",
  })
  @IsIn(CONTRACT_SOURCES)
  source!: ContractSource;

  @ApiPropertyOptional({
    ...INSURED_OBJECT_SCHEMA,
    description:
      'vehicle (motor line), property (home or property line) or person (the insured person; any line)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => InsuredObjectDto, INSURED_OBJECT_TYPE)
  insuredObject?: InsuredObjectInput;

  @ApiPropertyOptional({
    example: 0.1,
    description:
      "The broker's commission as a fraction of the premium (0.1 = 10 %), as the insurer pays it; default 0",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(FourDecimalPlaces)
  commissionRate?: number;

  @ApiPropertyOptional({ type: [ContractCoverageDto], description: "Codes of the line's vocabulary" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ContractCoverageDto)
  coverages?: ContractCoverageDto[];
}

export class ConcludeContractDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The chosen quote of this offer request (offered, still valid)',
  })
  @IsUUID()
  quoteId!: string;

  @ApiProperty({ example: 'PL-OC-2026-000123', description: 'Unique per insurer' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  @Matches(POLICY_NUMBER, { message: 'policyNumber may hold letters, digits, spaces and . / _ -' })
  policyNumber!: string;

  @ApiProperty({ example: '2026-12-01' })
  @IsString()
  @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startDate!: string;

  @ApiProperty({ example: '2027-11-30', description: 'Last day of cover; after startDate' })
  @IsString()
  @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endDate!: string;

  @ApiProperty({
    description: "The broker's written recommendation and the reasons for it (required)",
    maxLength: 8000,
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'recommendation is required' })
  @MaxLength(8000)
  @IsPlainText({ multiline: true })
  recommendation!: string;

  @ApiPropertyOptional({
    description:
      'Required (true) when the chosen quote lacks a required coverage of the request or its premium is above ' +
      'maxPremium: the broker concludes it knowingly (400 MISMATCH_NOT_ACKNOWLEDGED otherwise). The ' +
      'acknowledgement is kept on the contract and in the record of operations. Not needed for a matching quote.',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgedMismatch?: boolean;
}

/** What the broker acknowledged when concluding a quote that missed the needs. */
export class AcknowledgedMismatchDto {
  @ApiProperty({ enum: ['missing_coverage', 'premium_above_max'], isArray: true })
  shortfalls!: string[];
  @ApiProperty({ type: [String], description: 'Required coverages the quote lacks' })
  missingCoverages!: string[];
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'The quote’s premium' })
  premium!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'The request’s maxPremium at conclusion' })
  maxPremium!: MoneyDto | null;
}

export class CancelContractDto {
  @ApiProperty({ example: 'Vehicle sold', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  reason!: string;
}

export class StartRenewalDto {
  @ApiPropertyOptional({
    type: NeedsDto,
    description: 'New needs; by default those of the request the contract came from, or its coverages',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NeedsDto)
  needs?: NeedsDto;
}

export class ListContractsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  insurerId?: string;

  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Contracts whose end date is on or before this day (needs endDate readable)',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'endingBefore must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endingBefore?: string;
}

export class RenewalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 366,
    default: 30,
    description: 'Contracts ending between today and today + withinDays',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  withinDays?: number;
}

export class ContractResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) offerRequestId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) quoteId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The offer request renewing this contract, once started',
  })
  renewalOfferRequestId!: string | null;
  @ApiProperty({ enum: LINES_OF_BUSINESS }) lineOfBusiness!: string;
  @ApiProperty({ enum: CONTRACT_STATUSES, description: 'Derived from the dates and cancellation' })
  status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ description: 'Present only when the purpose may read it' }) policyNumber?: string;
  @ApiPropertyOptional({ format: 'date' }) startDate?: string;
  @ApiPropertyOptional({ format: 'date' }) endDate?: string;
  @ApiPropertyOptional() productName?: string;
  @ApiPropertyOptional({ type: MoneyDto }) premium?: MoneyDto;
  @ApiPropertyOptional({ type: Number, description: 'A fraction, up to 4 decimal places' })
  commissionRate?: number;
  @ApiPropertyOptional({ type: MoneyDto }) commission?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto }) sumInsured?: MoneyDto;
  @ApiPropertyOptional({ type: MoneyDto }) deductible?: MoneyDto;
  @ApiPropertyOptional({ type: [CoverageDto] }) coverages?: CoverageDto[];
  @ApiPropertyOptional() recommendation?: string;
  @ApiPropertyOptional({
    type: AcknowledgedMismatchDto,
    nullable: true,
    description: 'Null when the concluded quote met the needs',
  })
  acknowledgedMismatch?: AcknowledgedMismatchDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) cancelledAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancellationReason?: string | null;
  @ApiProperty({
    enum: CONTRACT_SOURCES,
    description: "own: the broker's; transferred: taken over from another broker",
  })
  source!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The insured; the policyholder (clientId) unless another client',
  })
  insuredId?: string;
  @ApiPropertyOptional({ ...INSURED_OBJECT_SCHEMA, nullable: true }) insuredObject?: unknown;
}

class RenewalClientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: 'Only where the purpose shows the names' }) firstName?: string;
  @ApiPropertyOptional() lastName?: string;
}

class RenewalInsurerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class RenewalItemDto extends ContractResponseDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Days from today to the end date (with endDate)' })
  daysLeft?: number;
  @ApiProperty({ type: RenewalClientDto }) client!: RenewalClientDto;
  @ApiProperty({ type: RenewalInsurerDto }) insurer!: RenewalInsurerDto;
}
