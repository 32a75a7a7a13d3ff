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
