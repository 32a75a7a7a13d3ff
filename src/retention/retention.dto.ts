import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { IsPlainText } from '@app/common/validation/plain-text';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PlaceLegalHoldDto {
  @ApiProperty({
    example: 'Claim 2026/041 against the insurer: documentation needed',
    description: 'Why the data must be kept (the claim)',
  })
  @Transform(trim)
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(3, 1000)
  reason!: string;
}

export class LegalHoldResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() placedAt!: string;
  @ApiProperty({ nullable: true }) placedBy!: string | null;
  @ApiProperty() placedUnder!: string;
  @ApiProperty({ nullable: true }) releasedAt!: string | null;
  @ApiProperty({ nullable: true }) releasedBy!: string | null;
}

export class SweepDto {
  @ApiProperty({ description: 'true: report what would happen and change nothing' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    example: '2031-01-01',
    description: 'Decide as of this date or instant (default: now); after today only with dryRun: true',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
