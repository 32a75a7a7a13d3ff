import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
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
import { ClientResponseDto, CreateClientDto, ListClientsQueryDto, UpdateClientDto } from './client.dto';
import {
  ConsentResponseDto,
  ConsentStateResponseDto,
  GrantConsentDto,
  WithdrawConsentDto,
  WithdrawConsentResponseDto,
} from './consent.dto';
import { ClientConsentsService } from './client-consents.service';
import { ClientView, ClientsService } from './clients.service';

@ApiTags('clients')
@Controller('api/clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly consents: ClientConsentsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a client' })
  @Access({ personalData: { resource: 'client', action: 'create' } })
  @ApiCreatedResponse({ type: ClientResponseDto })
  @ApiConflictResponse({
    description:
      'DUPLICATE_REVIEW: another client holds the PESEL; nothing about it is told, the DPO reviews the attempt (reviewId)',
  })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateClientDto): Promise<ClientView> {
    return this.clients.create(scope, body);
  }

  @Get()
  @ApiOperation({ summary: 'List or search clients visible under the purpose' })
  @Access({ personalData: { resource: 'client', action: 'list' } })
  @ApiPageResponse(ClientResponseDto, 'A page of clients, each projected to the purpose')
  list(@CurrentScope() scope: PrivacyScope, @Query() query: ListClientsQueryDto): Promise<Page<ClientView>> {
    return this.clients.list(scope, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a client' })
  @Access({ personalData: { resource: 'client', action: 'read' } })
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ClientView> {
    return this.clients.get(scope, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a client’s data' })
  @Access({ personalData: { resource: 'client', action: 'update' } })
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiConflictResponse({
    description:
      'DUPLICATE_REVIEW: another client holds the PESEL; nothing about it is told, the DPO reviews the attempt (reviewId)',
  })
  update(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateClientDto,
  ): Promise<ClientView> {
    return this.clients.update(scope, id, body);
  }

  @Post(':id/consents')
  @ApiOperation({ summary: 'Record a client’s consent' })
  @Access({ personalData: { resource: 'consent', action: 'create' } })
  @ApiCreatedResponse({ type: ConsentResponseDto, description: 'The recorded consent' })
  grantConsent(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: GrantConsentDto,
  ) {
    return this.consents.grant(scope, id, body);
  }

  @Post(':id/consents/withdraw')
  @ApiOperation({ summary: 'Withdraw a client’s consent' })
  @HttpCode(200)
  @Access({ personalData: { resource: 'consent', action: 'update' } })
  @ApiOkResponse({ type: WithdrawConsentResponseDto, description: 'Withdrawn at once; idempotent' })
  withdrawConsent(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: WithdrawConsentDto,
  ) {
    return this.consents.withdraw(scope, id, body);
  }

  @Get(':id/consents')
  @ApiOperation({ summary: 'A client’s consents in force and their history' })
  @Access({ personalData: { resource: 'consent', action: 'read' } })
  @ApiOkResponse({ type: ConsentStateResponseDto })
  consentState(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.consents.state(scope, id);
  }
}
