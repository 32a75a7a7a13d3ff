import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CampaignResponseDto,
  CreateCampaignDto,
  ListRecipientsQueryDto,
  RecipientResponseDto,
} from './campaign.dto';
import { CampaignView, CampaignsService, RecipientView } from './campaigns.service';

const MARKETING = { roles: ['marketing'], purposes: ['marketing'] } as const;

@ApiTags('campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a mailing campaign (a draft)' })
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'create' } })
  @ApiCreatedResponse({ type: CampaignResponseDto })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(scope, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a campaign with its live counts' })
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'read' } })
  @ApiOkResponse({ type: CampaignResponseDto, description: 'Status and live counts' })
  @ApiNotFoundResponse({ description: 'No such campaign' })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CampaignView> {
    return this.campaigns.get(scope, id);
  }

  @Post(':id/launch')
  @ApiOperation({ summary: 'Launch a campaign' })
  @HttpCode(202)
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'update' } })
  @ApiAcceptedResponse({
    type: CampaignResponseDto,
    description: 'Fan-out enqueued; the worker selects the audience and sends',
  })
  @ApiConflictResponse({ description: 'Already launched, or cancelled' })
  launch(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CampaignView> {
    return this.campaigns.launch(scope, id);
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a campaign' })
  @HttpCode(200)
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'update' } })
  @ApiOkResponse({ type: CampaignResponseDto, description: 'Every send not yet started is skipped' })
  @ApiConflictResponse({ description: 'Nothing left to cancel' })
  cancel(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CampaignView> {
    return this.campaigns.cancel(scope, id);
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'List a campaign’s recipients (ids and statuses)' })
  @Access({ ...MARKETING, personalData: { resource: 'campaign_recipient', action: 'list' } })
  @ApiPageResponse(RecipientResponseDto, 'Ids and statuses only')
  recipients(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListRecipientsQueryDto,
  ): Promise<Page<RecipientView>> {
    return this.campaigns.recipients(scope, id, query);
  }
}
