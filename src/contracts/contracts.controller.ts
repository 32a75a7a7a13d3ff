import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { OfferRequestResponseDto, OfferRequestView } from '../offers';
import { AnnexResponseDto, CreateAnnexDto } from './contract-annex.dto';
import {
  CancelContractDto,
  ConcludeContractDto,
  RegisterContractDto,
  ContractResponseDto,
  ListContractsQueryDto,
  RenewalItemDto,
  RenewalsQueryDto,
  StartRenewalDto,
} from './contract.dto';
import { AnnexView, ContractAnnexesService } from './contract-annexes.service';
import { ContractChangesService } from './contract-changes.service';
import { ContractConclusionService } from './contract-conclusion.service';
import { ContractRegisterService } from './contract-register.service';
import { ContractView } from './contract-views';
import { ContractsService } from './contracts.service';

@ApiTags('contracts')
@Controller('api/contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly changes: ContractChangesService,
    private readonly register: ContractRegisterService,
    private readonly annexes: ContractAnnexesService,
  ) {}

  @Post()
  @Access({ personalData: { resource: 'contract', action: 'create' }, purposes: ['contract_performance'] })
  @ApiOperation({
    summary: 'Enter an existing policy into the register (no offer request, no quote)',
    description:
      'The policyholder and the insured (insuredId, or insuredObject.clientId for a person) must be clients ' +
      'visible to the caller. A VIN is checked against its check digit when its 9th character is a digit or X.',
  })
  @ApiCreatedResponse({ type: ContractResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid input; the error names the field (e.g. insuredObject.vin)' })
  @ApiNotFoundResponse({ description: 'Policyholder or insured not visible under this purpose' })
  @ApiConflictResponse({ description: 'POLICY_NUMBER_TAKEN: the insurer already has this policy number' })
  registerPolicy(
    @CurrentScope() scope: PrivacyScope,
    @Body() body: RegisterContractDto,
  ): Promise<ContractView> {
    return this.register.register(scope, body);
  }

  @Get()
  @ApiOperation({ summary: 'List contracts' })
  @Access({ personalData: { resource: 'contract', action: 'list' } })
  @ApiPageResponse(ContractResponseDto, 'A page of contracts, each projected to the purpose; newest first')
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListContractsQueryDto,
  ): Promise<Page<ContractView>> {
    return this.contracts.list(scope, query);
  }

  @Get('renewals')
  @ApiOperation({ summary: 'Contracts ending soon (the renewal worklist)' })
  @Access({ roles: ['broker'], personalData: { resource: 'contract', action: 'list' } })
  @ApiPageResponse(RenewalItemDto, "The brokers' worklist: contracts ending soon, oldest end date first")
  renewals(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: RenewalsQueryDto,
  ): Promise<Page<ContractView>> {
    return this.contracts.renewals(scope, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a contract' })
  @Access({ personalData: { resource: 'contract', action: 'read' } })
  @ApiOkResponse({ type: ContractResponseDto })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ContractView> {
    return this.contracts.get(scope, id);
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Cancel a contract' })
  @HttpCode(200)
  @Access({ personalData: { resource: 'contract', action: 'update' }, purposes: ['contract_performance'] })
  @ApiOkResponse({ type: ContractResponseDto })
  @ApiConflictResponse({ description: 'Already cancelled, or already ended' })
  cancel(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CancelContractDto,
  ): Promise<ContractView> {
    return this.changes.cancel(scope, id, body);
  }

  @Post(':id/annexes')
  @Access({
    personalData: { resource: 'contract_annex', action: 'create' },
    purposes: ['contract_performance'],
  })
  @ApiOperation({
    summary: 'Change a contract by an annex',
    description:
      'Applied to the contract at once; the history keeps its effective date. A new premium brings the ' +
      'commission at the contract’s rate.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: AnnexResponseDto })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'CONTRACT_CANCELLED: a cancelled contract is not annexed' })
  addAnnex(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateAnnexDto,
  ): Promise<AnnexView> {
    return this.annexes.create(scope, id, body);
  }

  @Get(':id/annexes')
  @Access({ personalData: { resource: 'contract_annex', action: 'list' } })
  @ApiOperation({ summary: "A contract's annexes, in the order they take effect" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [AnnexResponseDto] })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  listAnnexes(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AnnexView[]> {
    return this.annexes.list(scope, id);
  }

  @Post(':id/renewal')
  @ApiOperation({ summary: 'Start the renewal of a contract (a new offer request)' })
  @Access({ personalData: { resource: 'offer_request', action: 'create' } })
  @ApiCreatedResponse({
    type: OfferRequestResponseDto,
    description: 'The new offer request, linked to the contract it renews (renewsContractId)',
  })
  @ApiConflictResponse({ description: 'A renewal is already open, or the contract is cancelled' })
  startRenewal(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: StartRenewalDto,
  ): Promise<OfferRequestView> {
    return this.changes.startRenewal(scope, id, body);
  }
}

/** Conclusion sits on the offer request it concludes. */
@ApiTags('contracts')
@Controller('api/offer-requests')
export class ConclusionController {
  constructor(private readonly conclusion: ContractConclusionService) {}

  @Post(':id/conclude')
  @ApiOperation({ summary: 'Conclude a contract from a quote' })
  @Access({ personalData: { resource: 'contract', action: 'create' }, purposes: ['contract_performance'] })
  @ApiCreatedResponse({ type: ContractResponseDto })
  @ApiBadRequestResponse({
    description:
      'MISMATCH_NOT_ACKNOWLEDGED: the quote lacks a required coverage or exceeds maxPremium and ' +
      'acknowledgedMismatch is not true; also invalid input',
  })
  @ApiNotFoundResponse({ description: 'No such offer request, or not visible under this purpose' })
  @ApiConflictResponse({
    description: 'Quote expired or declined, policy number taken, or request already concluded',
  })
  conclude(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConcludeContractDto,
  ): Promise<ContractView> {
    return this.conclusion.conclude(scope, id, body);
  }
}
