import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsPlainText } from '@app/common/validation/plain-text';
import { CHANNELS, CONSENT_PURPOSES, Channel, ConsentPurpose } from '@app/privacy';

export class GrantConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ example: 'paper_form', description: 'How the consent was collected' })
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  source!: string;

  @ApiPropertyOptional({
    example: 'signed form no. 2026/11/042',
    description: 'Reference to the proof of consent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsPlainText({ multiline: true })
  evidence?: string;

  @ApiProperty({ example: '2026-01', description: 'Version of the information notice shown' })
  @IsString()
  @Length(1, 50)
  @IsPlainText()
  noticeVersion!: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ example: 'phone_call' })
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  source!: string;
}

export class ConsentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ example: 'paper_form' }) source!: string;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
  @ApiProperty({ example: '2026-01' }) noticeVersion!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff member who recorded it',
  })
  grantedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) withdrawnBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawalSource!: string | null;
}

export class WithdrawConsentResponseDto {
  @ApiProperty({ description: 'False when no active consent matched (withdrawing is idempotent)' })
  withdrawn!: boolean;
  @ApiProperty({ type: ConsentResponseDto, nullable: true }) consent!: ConsentResponseDto | null;
}

export class ConsentHistoryEventDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['granted', 'withdrawn'] }) event!: 'granted' | 'withdrawn';
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty() source!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member, if any' })
  by!: string | null;
  @ApiPropertyOptional({ description: 'Of a grant' }) noticeVersion?: string;
}

export class ConsentStateResponseDto {
  @ApiProperty({ type: [ConsentResponseDto], description: 'Consents in force' })
  active!: ConsentResponseDto[];
  @ApiProperty({ type: [ConsentHistoryEventDto], description: 'Grants and withdrawals, oldest first' })
  history!: ConsentHistoryEventDto[];
}
