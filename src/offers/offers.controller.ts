import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CreateOfferRequestDto,
  CreateQuoteDto,
  ListOfferRequestsQueryDto,
  UpdateOfferRequestDto,
  UpdateQuoteDto,
} from './offer.dto';
import { ComparisonResponseDto, OfferRequestResponseDto, QuoteResponseDto } from './offer-response.dto';
import { OfferComparisonService } from './offer-comparison.service';
import { OfferRequestView, QuoteView } from './offer-views';
import { OffersService } from './offers.service';
import { QuotesService } from './quotes.service';

@ApiTags('offers')
@Controller('api/offer-requests')
export class OffersController {
  constructor(
    private readonly offers: OffersService,
    private readonly quotes: QuotesService,
    private readonly comparisons: OfferComparisonService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open an offer request (a demands-and-needs analysis)' })
  @Access({ personalData: { resource: 'offer_request', action: 'create' } })
  @ApiCreatedResponse({ type: OfferRequestResponseDto })
  create(
    @CurrentScope() scope: PrivacyScope,
    @Body() body: CreateOfferRequestDto,
  ): Promise<OfferRequestView> {
    return this.offers.createRequest(scope, body);
  }

  @Get()
  @ApiOperation({ summary: 'List offer requests' })
  @Access({ personalData: { resource: 'offer_request', action: 'list' } })
  @ApiPageResponse(OfferRequestResponseDto, 'A page of offer requests, each projected to the purpose')
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListOfferRequestsQueryDto,
  ): Promise<Page<OfferRequestView>> {
    return this.offers.listRequests(scope, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an offer request with its quotes' })
  @Access({ personalData: { resource: 'offer_request', action: 'read' } })
  @ApiOkResponse({ type: OfferRequestResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OfferRequestView> {
    return this.offers.getRequest(scope, id);
  }

  @Patch(':id')
  @Access({ personalData: { resource: 'offer_request', action: 'update' } })
  @ApiOperation({ summary: 'Correct an open offer request (its line while it has no quotes, its needs)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: OfferRequestResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  @ApiConflictResponse({
    description:
      'OFFER_REQUEST_CONCLUDED: already concluded; LINE_CHANGE_WITH_QUOTES: quotes were given for its line',
  })
  update(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateOfferRequestDto,
  ): Promise<OfferRequestView> {
    return this.offers.updateRequest(scope, id, body);
  }

  @Patch(':id/quotes/:quoteId')
  @Access({ personalData: { resource: 'quote', action: 'update' } })
  @ApiOperation({ summary: 'Correct a quote before its offer request is concluded' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'quoteId', format: 'uuid' })
  @ApiOkResponse({ type: QuoteResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request or quote, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'OFFER_REQUEST_CONCLUDED: the request is already concluded' })
  updateQuote(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('quoteId', new ParseUUIDPipe()) quoteId: string,
    @Body() body: UpdateQuoteDto,
  ): Promise<QuoteView> {
    return this.quotes.updateQuote(scope, id, quoteId, body);
  }

  @Post(':id/quotes')
  @ApiOperation({ summary: 'Record an insurer’s quote or refusal' })
  @Access({ personalData: { resource: 'quote', action: 'create' } })
  @ApiCreatedResponse({ type: QuoteResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  addQuote(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateQuoteDto,
  ): Promise<QuoteView> {
    return this.quotes.addQuote(scope, id, body);
  }

  @Get(':id/comparison')
  @ApiOperation({ summary: 'Compare the quotes of an offer request against the needs' })
  @Access({ personalData: { resource: 'offer_request', action: 'read' } })
  @ApiOkResponse({
    type: ComparisonResponseDto,
    description: 'Quotes side by side against the needs; it ranks, it never chooses',
  })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  comparison(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.comparisons.comparison(scope, id);
  }
}
