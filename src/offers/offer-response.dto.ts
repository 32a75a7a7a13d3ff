import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LINES_OF_BUSINESS } from '@app/privacy';
import { MoneyDto } from './money';
import { CoverageDto } from './offer.dto';

/** What the offer routes answer with: requests, quotes and the side-by-side comparison. */
export class NeedsResponseDto {
  @ApiPropertyOptional({ type: [String] }) requiredCoverages?: string[];
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) maxPremium?: MoneyDto | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notes?: string | null;
}

export class QuoteResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) offerRequestId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty({ enum: ['offered', 'declined'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Present only when the purpose may read it',
  })
  productName?: string | null;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) premium?: MoneyDto | null;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) sumInsured?: MoneyDto | null;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) deductible?: MoneyDto | null;
  @ApiPropertyOptional({ type: [CoverageDto], nullable: true }) coverages?: CoverageDto[] | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) validUntil?: string | null;
  @ApiPropertyOptional({ description: 'validUntil is before today' }) expired?: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'A fraction, up to 4 decimal places' })
  commissionRate?: number | null;
  @ApiPropertyOptional({ type: MoneyDto, nullable: true }) commission?: MoneyDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) declineReason?: string | null;
}

export class OfferRequestResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: LINES_OF_BUSINESS }) lineOfBusiness!: string;
  @ApiProperty({ enum: ['open', 'concluded'] }) status!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The contract this request renews',
  })
  renewsContractId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: NeedsResponseDto, description: 'Only the needs fields the purpose may read' })
  needs?: NeedsResponseDto;
  @ApiPropertyOptional({ type: [QuoteResponseDto], description: 'On the detail view' })
  quotes?: QuoteResponseDto[];
}

export class ComparisonColumnDto {
  @ApiProperty({ format: 'uuid' }) quoteId!: string;
  @ApiProperty({ format: 'uuid' }) insurerId!: string;
  @ApiProperty() insurerName!: string;
  @ApiProperty({ enum: ['offered', 'declined'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) productName!: string | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) premium!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) sumInsured!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) deductible!: MoneyDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validUntil!: string | null;
  @ApiProperty() expired!: boolean;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
  @ApiProperty() meetsNeeds!: boolean;
  @ApiProperty({ type: [String], enum: ['declined', 'expired', 'missing_coverage', 'premium_above_max'] })
  shortfalls!: string[];
  @ApiProperty({ type: [String] }) missingCoverages!: string[];
  @ApiProperty({ nullable: true, type: 'integer', description: '1 = cheapest meeting the needs' }) rank!:
    number | null;
}

export class ComparisonCellDto {
  @ApiProperty({ format: 'uuid' }) quoteId!: string;
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'null: the quote lacks this coverage' })
  limit!: MoneyDto | null;
}

export class ComparisonRowDto {
  @ApiProperty() code!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ type: [ComparisonCellDto] }) cells!: ComparisonCellDto[];
}

export class ComparisonResponseDto {
  @ApiProperty({ format: 'uuid' }) offerRequestId!: string;
  @ApiProperty({ enum: LINES_OF_BUSINESS }) lineOfBusiness!: string;
  @ApiProperty({ format: 'date', description: 'The day validity was judged on' }) asOf!: string;
  @ApiProperty({ type: NeedsResponseDto }) needs!: NeedsResponseDto;
  @ApiProperty({ type: [ComparisonColumnDto], description: 'One column per quote' })
  columns!: ComparisonColumnDto[];
  @ApiProperty({ type: [ComparisonRowDto], description: 'One row per coverage code' })
  rows!: ComparisonRowDto[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Quotes meeting the needs, cheapest first' })
  meetingNeeds!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'It ranks; it never chooses' })
  cheapestMeetingNeeds!: string | null;
}
