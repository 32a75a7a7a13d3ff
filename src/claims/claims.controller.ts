import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
import { Page } from '@app/common/http/pagination';
import { Access, PURPOSES, PrivacyScope, REGISTRY, writableFields } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  ClaimPageDto,
  ClaimResponseDto,
  CreateClaimDto,
  ListClaimsQueryDto,
  UpdateClaimDto,
} from './claim.dto';
import { ClaimView, ClaimsService } from './claims.service';

/** The purposes the registry lets read claims, and those that may report and follow them. */
const READING = PURPOSES.filter((p) => REGISTRY[p].access.Claim !== undefined);
const WRITING = PURPOSES.filter((p) => writableFields(p, 'Claim').length > 0);

@ApiTags('claims')
@Controller('api/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  @Access({ personalData: { resource: 'claim', action: 'create' }, purposes: WRITING })
  @ApiOperation({ summary: 'Report a claim on a contract' })
  @ApiCreatedResponse({ type: ClaimResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid input; dateOfLoss after today (DATE_IN_FUTURE)' })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'DATE_OF_LOSS_OUTSIDE_COVER, CLIENT_ANONYMISED' })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateClaimDto): Promise<ClaimView> {
    return this.claims.create(scope, body);
  }

  @Get()
  @Access({ personalData: { resource: 'claim', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'Claims, newest first; by contract, client or status' })
  @ApiOkResponse({ type: ClaimPageDto })
  list(@CurrentScope() scope: PrivacyScope, @Query() query: ListClaimsQueryDto): Promise<Page<ClaimView>> {
    return this.claims.list(scope, query);
  }

  @Get(':id')
  @Access({ personalData: { resource: 'claim', action: 'read' }, purposes: READING })
  @ApiOperation({ summary: 'One claim with its history' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ClaimResponseDto })
  @ApiNotFoundResponse({ description: 'No such claim, or not visible under this purpose' })
  get(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string): Promise<ClaimView> {
    return this.claims.get(scope, id);
  }

  @Patch(':id')
  @Access({ personalData: { resource: 'claim', action: 'update' }, purposes: WRITING })
  @ApiOperation({
    summary: 'Move a claim through its workflow, add a note, or link a legal hold',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ClaimResponseDto })
  @ApiBadRequestResponse({
    description:
      'NOTHING_TO_CHANGE, AMOUNT_PAID_REQUIRED (paid without amountPaid), AMOUNT_PAID_ONLY_WHEN_PAID',
  })
  @ApiNotFoundResponse({ description: 'No such claim, or not visible under this purpose' })
  @ApiConflictResponse({
    description: 'CLAIM_TRANSITION_NOT_ALLOWED, LEGAL_HOLD_NOT_ACTIVE, CLIENT_ANONYMISED',
  })
  update(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateClaimDto,
  ): Promise<ClaimView> {
    return this.claims.update(scope, id, body);
  }
}
