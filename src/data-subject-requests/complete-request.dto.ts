import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

/** How the answer reached the person (art. 12(1) GDPR: in writing, electronically, or orally on request). */
export const DELIVERY_CHANNELS = ['email', 'post', 'in_person', 'trusted_profile'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export class CompleteDataSubjectRequestDto {
  @ApiProperty({ enum: DELIVERY_CHANNELS, description: 'How the answer reached the person' })
  @IsIn(DELIVERY_CHANNELS)
  deliveredVia!: DeliveryChannel;

  @ApiPropertyOptional({
    example: '2026-03-02T10:15:00Z',
    description: 'When it reached the person (default: now); not in the future, not before receipt',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  deliveredAt?: string;
}

export class DeliveryDto {
  @ApiProperty({ enum: DELIVERY_CHANNELS }) via!: DeliveryChannel;
  @ApiProperty({ example: '2026-03-02T10:15:00.000Z', format: 'date-time' }) at!: string;
}
