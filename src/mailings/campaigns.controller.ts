import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page, PageQueryDto } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CampaignPageDto,
  CampaignPreviewDto,
  CampaignResponseDto,
  CampaignTestSendDto,
  CreateCampaignDto,
  ListRecipientsQueryDto,
  PreviewCampaignDto,
  RecipientResponseDto,
} from './campaign.dto';
import { CampaignPreview, CampaignSamples } from './campaign-samples.service';
import { CampaignView, CampaignsService, RecipientView } from './campaigns.service';

const MARKETING = { roles: ['marketing'], purposes: ['marketing'] } as const;

@ApiTags('campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly samples: CampaignSamples,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a mailing campaign (a draft)' })
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'create' } })
  @ApiCreatedResponse({ type: CampaignResponseDto })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(scope, body);
  }

  @Get()
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'list' } })
  @ApiOperation({ summary: 'Campaigns, newest first' })
  @ApiOkResponse({ type: CampaignPageDto, description: 'A page of campaigns with status and counts' })
  list(@CurrentScope() scope: PrivacyScope, @Query() query: PageQueryDto): Promise<Page<CampaignView>> {
    return this.campaigns.list(scope, query);
  }

  @Get(':id')
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'read' } })
  @ApiOperation({ summary: 'A campaign; a draft also with who a launch would reach now' })
  @ApiParam({ name: 'id', format: 'uuid' })
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

  @Post(':id/preview')
  @HttpCode(200)
  @Access({ ...MARKETING, personalData: { resource: 'client', action: 'read' } })
  @ApiOperation({ summary: 'The mail rendered for one recipient a launch would choose' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignPreviewDto })
  @ApiNotFoundResponse({ description: 'No such campaign, or the client is not visible under this purpose' })
  @ApiConflictResponse({
    description: 'NOT_IN_AUDIENCE: a launch would not send to this client; AUDIENCE_EMPTY: nor to anyone',
  })
  preview(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PreviewCampaignDto,
  ): Promise<CampaignPreview> {
    return this.samples.preview(scope, id, body);
  }

  @Post(':id/test-send')
  @HttpCode(200)
  @Access({ ...MARKETING, personalData: { resource: 'campaign', action: 'send' } })
  @ApiOperation({ summary: 'Sends the mail, marked as a test, to the signed-in staff member only' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignTestSendDto, description: 'Where the test mail went' })
  @ApiNotFoundResponse()
  @ApiServiceUnavailableResponse({ description: 'TEST_MAIL_NOT_SENT: the mail server did not take it' })
  testSend(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ to: string; subject: string }> {
    return this.samples.testSend(scope, id);
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
