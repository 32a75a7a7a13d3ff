import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
  CommissionAgreementResponseDto,
  ContractCommissionResponseDto,
  CreateCommissionAgreementDto,
  ListCommissionAgreementsQueryDto,
} from './commission-agreement.dto';
import { AgreementView, CommissionAgreementsService } from './commission-agreements.service';
import {
  COMMISSION_READING,
  ContractCommissionView,
  ContractCommissionsService,
} from './contract-commissions.service';

/**
 * Agreements are the office's terms with insurers (no personal data): administrators make them,
 * the accountant reads them. A contract's commission is a figure of the client's contract: read
 * under a purpose that reads the contract's premium and commission.
 */
@ApiTags('commissions')
@Controller()
export class CommissionAgreementsController {
  constructor(
    private readonly agreements: CommissionAgreementsService,
    private readonly commissions: ContractCommissionsService,
  ) {}

  @Post('api/commission-agreements')
  @Access({ roles: ['admin'] })
  @ApiOperation({
    summary:
      'Make the commission agreement of an insurer and line of business (replaces one for the same start day)',
  })
  @ApiCreatedResponse({ type: CommissionAgreementResponseDto })
  @ApiBadRequestResponse({
    description:
      'UNKNOWN_INSURER, SPLITS_NOT_WHOLE, SPLIT_STAFF_REPEATED, SPLIT_STAFF_NOT_BROKER, or invalid rates',
  })
  create(
    @CurrentScope() scope: PrivacyScope,
    @Body() body: CreateCommissionAgreementDto,
  ): Promise<AgreementView> {
    return this.agreements.create(scope, body);
  }

  @Get('api/commission-agreements')
  @Access({ roles: ['admin', 'accountant'] })
  @ApiOperation({ summary: 'The commission agreements in force, newest first' })
  @ApiPageResponse(CommissionAgreementResponseDto, 'A page of agreements')
  list(@Query() query: ListCommissionAgreementsQueryDto): Promise<Page<AgreementView>> {
    return this.agreements.list(query);
  }

  @Get('api/contracts/:id/commission')
  @Access({ personalData: { resource: 'contract', action: 'read' }, purposes: COMMISSION_READING })
  @ApiOperation({
    summary:
      'The contract’s commission: rate, split between brokers, each instalment’s part and what is earned',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContractCommissionResponseDto })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  ofContract(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ContractCommissionView> {
    return this.commissions.ofContract(scope, id);
  }
}
