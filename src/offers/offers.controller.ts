import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/common/http/pagination';
import { Access } from '@app/privacy';
import { Acting, CurrentActor } from '../auth';
import {
  ComparisonResponseDto,
  CreateOfferRequestDto,
  CreateQuoteDto,
  ListOfferRequestsQueryDto,
  OfferRequestResponseDto,
  QuoteResponseDto,
} from './offer.dto';
import { OfferRequestView, OffersService, QuoteView } from './offers.service';

@ApiTags('offers')
@Controller('api/offer-requests')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @Access({ personalData: { resource: 'offer_request', action: 'create' } })
  @ApiCreatedResponse({ type: OfferRequestResponseDto })
  create(@CurrentActor() actor: Acting, @Body() body: CreateOfferRequestDto): Promise<OfferRequestView> {
    return this.offers.createRequest(actor, body);
  }

  @Get()
  @Access({ personalData: { resource: 'offer_request', action: 'list' } })
  @ApiOkResponse({ description: 'A page of offer requests, each projected to the purpose' })
  list(
    @CurrentActor() actor: Acting,
    @Query() query: ListOfferRequestsQueryDto,
  ): Promise<Page<OfferRequestView>> {
    return this.offers.listRequests(actor, query);
  }

  @Get(':id')
  @Access({ personalData: { resource: 'offer_request', action: 'read' } })
  @ApiOkResponse({ type: OfferRequestResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  get(
    @CurrentActor() actor: Acting,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OfferRequestView> {
    return this.offers.getRequest(actor, id);
  }

  @Post(':id/quotes')
  @Access({ personalData: { resource: 'quote', action: 'create' } })
  @ApiCreatedResponse({ type: QuoteResponseDto })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  addQuote(
    @CurrentActor() actor: Acting,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateQuoteDto,
  ): Promise<QuoteView> {
    return this.offers.addQuote(actor, id, body);
  }

  @Get(':id/comparison')
  @Access({ personalData: { resource: 'offer_request', action: 'read' } })
  @ApiOkResponse({
    type: ComparisonResponseDto,
    description: 'Quotes side by side against the needs; it ranks, it never chooses',
  })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  comparison(@CurrentActor() actor: Acting, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.offers.comparison(actor, id);
  }
}
