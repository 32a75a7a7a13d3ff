import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { FourDecimalPlaces } from '@app/common/validation/decimal-places';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { MoneyDto } from '../offers';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RATE = 'A fraction of the premium with at most four decimal places (0.1234 = 12,34 %)';

export class CommissionSplitDto {
  @ApiProperty({ format: 'uuid', description: 'A broker sharing the commission' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({ example: 0.5, minimum: 0.0001, maximum: 1, description: `The broker’s share. ${RATE}` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1)
  @Validate(FourDecimalPlaces)
  share!: number;
}

export class CreateCommissionAgreementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  insurerId!: string;

  @ApiProperty({ enum: LINES_OF_BUSINESS })
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness!: LineOfBusiness;

  @ApiProperty({ example: 0.15, minimum: 0, maximum: 1, description: `First policy year. ${RATE}` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(FourDecimalPlaces)
  firstYearRate!: number;

  @ApiProperty({
    example: 0.1,
    minimum: 0,
    maximum: 1,
    description: `Renewals with the same insurer. ${RATE}`,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @Validate(FourDecimalPlaces)
  renewalRate!: number;

  @ApiPropertyOptional({
    type: [CommissionSplitDto],
    description: 'The split between brokers: distinct active brokers whose shares add up to exactly 1',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CommissionSplitDto)
  splits?: CommissionSplitDto[];

  @ApiPropertyOptional({
    example: '2026-01-01',
    description:
      'Contracts starting on or after this day follow the agreement (default: all). A new agreement for the same insurer, line and day replaces the current one.',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'validFrom must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  validFrom?: string;
}

export class ListCommissionAgreementsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  insurerId?: string;

  @ApiPropertyOptional({ enum: LINES_OF_BUSINESS })
  @IsOptional()
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness?: LineOfBusiness;
}

export class CommissionSplitResponseDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ example: 0.5 }) share!: number;
}

export class CommissionAgreementResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty({ enum: LINES_OF_BUSINESS }) lineOfBusiness!: string;
  @ApiProperty({ example: 0.15 }) firstYearRate!: number;
  @ApiProperty({ example: 0.1 }) renewalRate!: number;
  @ApiProperty({ type: [CommissionSplitResponseDto] }) splits!: CommissionSplitResponseDto[];
  @ApiProperty({ nullable: true, type: String, example: '2026-01-01' }) validFrom!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Whether it replaced an agreement for the same insurer, line and day' })
  replaced!: boolean;
}

/** An amount that may be below zero (a difference), in grosze. */
export class SignedMoneyDto {
  @ApiProperty({ type: 'integer', example: -1234, description: 'Minor units (grosze); may be negative' })
  amount!: number;
  @ApiProperty({ enum: ['PLN'], example: 'PLN' }) currency!: string;
}

export class CommissionShareDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ example: 0.5 }) share!: number;
  @ApiProperty({ type: MoneyDto }) commission!: MoneyDto;
}

export class InstalmentCommissionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) number!: number;
  @ApiProperty({ example: '2026-12-01' }) dueDate!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
  @ApiProperty({ type: MoneyDto }) paidAmount!: MoneyDto;
  @ApiProperty({ enum: ['unpaid', 'partially_paid', 'paid'] }) status!: string;
  @ApiProperty({ type: MoneyDto, description: 'This instalment’s part of the contract’s commission' })
  commission!: MoneyDto;
  @ApiProperty({ type: MoneyDto, description: 'Earned by what the client paid of it' })
  earned!: MoneyDto;
}

export class ContractCommissionResponseDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({
    enum: ['agreement', 'contract'],
    description: 'The rate of an agreement, or the contract’s own',
  })
  basis!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agreementId!: string | null;
  @ApiProperty({ enum: ['first_year', 'renewal'] }) year!: string;
  @ApiProperty({ example: 0.15 }) rate!: number;
  @ApiProperty({ type: MoneyDto }) premium!: MoneyDto;
  @ApiProperty({ type: MoneyDto }) commission!: MoneyDto;
  @ApiProperty({
    type: MoneyDto,
    description: 'Earned by the payments so far (all of it without a schedule)',
  })
  earned!: MoneyDto;
  @ApiProperty({ type: MoneyDto, description: 'Paid by the insurer on statement lines settled so far' })
  settled!: MoneyDto;
  @ApiProperty({ type: [CommissionShareDto] }) splits!: CommissionShareDto[];
  @ApiProperty({ type: [InstalmentCommissionDto], nullable: true, description: 'Null without a schedule' })
  instalments!: InstalmentCommissionDto[] | null;
}
