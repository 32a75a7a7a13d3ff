import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { IsPlainText } from '@app/common/validation/plain-text';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';

export const CAMPAIGN_CHANNELS = ['email'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'skipped', 'failed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CampaignAudienceDto {
  @ApiPropertyOptional({
    enum: LINES_OF_BUSINESS,
    description: 'Only clients with a contract or offer request in this line',
  })
  @IsOptional()
  @IsIn(LINES_OF_BUSINESS)
  lineOfBusiness?: LineOfBusiness;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'Spring motor offers' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  name!: string;

  @ApiProperty({ enum: CAMPAIGN_CHANNELS })
  @IsIn(CAMPAIGN_CHANNELS)
  channel!: CampaignChannel;

  @ApiProperty({ example: 'New motor insurance offers for {{firstName}}' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsPlainText()
  subject!: string;

  @ApiProperty({
    example: '<p>Dear {{firstName}} {{lastName}},</p><p>our new offers ...</p>',
    description: 'HTML; placeholders {{firstName}}, {{lastName}} (HTML-escaped when filled)',
  })
  @IsString()
  @Length(1, 100_000)
  @IsPlainText({ multiline: true })
  body!: string;

  @ApiPropertyOptional({ type: CampaignAudienceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignAudienceDto)
  audience?: CampaignAudienceDto;
}

export class CampaignCountsDto {
  @ApiProperty({ type: 'integer', description: 'Recipients selected at fan-out' }) targeted!: number;
  @ApiProperty({ type: 'integer' }) queued!: number;
  @ApiProperty({ type: 'integer' }) sending!: number;
  @ApiProperty({ type: 'integer' }) sent!: number;
  @ApiProperty({ type: 'integer' }) skipped!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Failed because a worker stopped mid-send: never sent again automatically',
  })
  interrupted!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Still marked sending long after any worker could be sending them',
  })
  stuck!: number;
}

export class AudienceExclusionsDto {
  @ApiProperty({ type: 'integer', description: 'No active marketing consent on the campaign channel' })
  noConsent!: number;
  @ApiProperty({ type: 'integer', description: 'Objected to marketing (art. 21 RODO)' }) objection!: number;
  @ApiProperty({ type: 'integer', description: 'Processing restricted (art. 18 RODO)' }) restricted!: number;
  @ApiProperty({ type: 'integer', description: 'Consent given, but no address on the channel' })
  noAddress!: number;
}

/**
 * The campaign's filter and, for a draft, who a launch would reach now: counted with the
 * statement the launch selects its recipients with.
 */
export class CampaignAudienceViewDto extends CampaignAudienceDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Draft only: clients a launch would send to now' })
  eligible?: number;

  @ApiPropertyOptional({
    type: AudienceExclusionsDto,
    description:
      'Draft only: the other active clients of the filter, each under the first rule that excludes them',
  })
  excluded?: AudienceExclusionsDto;
}

export class CampaignResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAMPAIGN_CHANNELS }) channel!: CampaignChannel;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: CampaignAudienceViewDto }) audience!: CampaignAudienceViewDto;
  @ApiProperty({ enum: ['draft', 'running', 'done', 'cancelled'] }) status!: string;
  @ApiProperty({ type: CampaignCountsDto }) counts!: CampaignCountsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
}

export class CampaignSummaryDto extends OmitType(CampaignResponseDto, ['audience'] as const) {
  @ApiProperty({
    type: CampaignAudienceDto,
    description: 'The filter only; the counts of a draft are on GET /api/campaigns/:id',
  })
  audience!: CampaignAudienceDto;
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignSummaryDto] }) items!: CampaignSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PreviewCampaignDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A recipient to render for; without it, the first recipient a launch would choose',
  })
  @IsOptional()
  @IsUUID('all')
  clientId?: string;
}

export class CampaignPreviewDto {
  @ApiProperty({ format: 'uuid', description: 'The recipient the mail is rendered for' }) clientId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The HTML part, with the unsubscribe footer' }) body!: string;
  @ApiProperty({ description: 'The text part, with the unsubscribe footer' }) text!: string;
}

export class CampaignTestSendDto {
  @ApiProperty({ description: 'The signed-in staff member’s own address, the only one mailed' }) to!: string;
  @ApiProperty({ example: '[TEST] Offers for Anna' }) subject!: string;
}

export class ListRecipientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECIPIENT_STATUSES })
  @IsOptional()
  @IsIn(RECIPIENT_STATUSES)
  status?: RecipientStatus;
}

export class RecipientResponseDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: RECIPIENT_STATUSES }) status!: RecipientStatus;
  @ApiPropertyOptional({
    description: 'Short code, e.g. consent_withdrawn, cancelled, smtp_550, interrupted',
  })
  reason?: string;
}

/** Job payloads: ids only, validated before a handler runs. */
export class CampaignJobPayload {
  @IsUUID() campaignId!: string;
}

export class CampaignSendPayload {
  @IsUUID() campaignId!: string;
  @IsUUID() clientId!: string;
}
