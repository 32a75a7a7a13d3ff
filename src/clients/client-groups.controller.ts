import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  AddHouseholdMemberDto,
  AddRepresentativeDto,
  ClientHouseholdResponseDto,
  CreateHouseholdDto,
  HouseholdResponseDto,
  RepresentativeListResponseDto,
  RepresentativeResponseDto,
} from './client-groups.dto';
import { HouseholdView, HouseholdsService } from './households.service';
import { RepresentativeView, RepresentativesService } from './representatives.service';

@ApiTags('clients')
@Controller('api/clients/:id/representatives')
export class RepresentativesController {
  constructor(private readonly representatives: RepresentativesService) {}

  @Post()
  @ApiOperation({ summary: 'Name a person who represents a company client, with their role' })
  @Access({ personalData: { resource: 'client_representative', action: 'create' } })
  @ApiCreatedResponse({ type: RepresentativeResponseDto })
  @ApiNotFoundResponse({ description: 'No such company or person, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'REPRESENTATIVE_EXISTS: the person already represents the company' })
  add(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddRepresentativeDto,
  ): Promise<RepresentativeView> {
    return this.representatives.add(scope, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The representatives of a company client visible under the purpose' })
  @Access({ personalData: { resource: 'client_representative', action: 'read' } })
  @ApiOkResponse({ type: RepresentativeListResponseDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  list(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.representatives.list(scope, id);
  }
}

@ApiTags('clients')
@Controller('api/households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Post()
  @ApiOperation({ summary: 'Group persons in a household' })
  @Access({ personalData: { resource: 'household', action: 'create' } })
  @ApiCreatedResponse({ type: HouseholdResponseDto })
  @ApiNotFoundResponse({ description: 'A member not found, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'ALREADY_IN_HOUSEHOLD: a member already belongs to a household' })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateHouseholdDto): Promise<HouseholdView> {
    return this.households.create(scope, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a household' })
  @Access({ personalData: { resource: 'household', action: 'read' } })
  @ApiOkResponse({ type: HouseholdResponseDto })
  @ApiNotFoundResponse({ description: 'No such household, or not visible under this purpose' })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<HouseholdView> {
    return this.households.get(scope, id);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a person to a household' })
  @Access({ personalData: { resource: 'household', action: 'update' } })
  @ApiCreatedResponse({ type: HouseholdResponseDto })
  @ApiNotFoundResponse({ description: 'No such household or person, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'ALREADY_IN_HOUSEHOLD: the person already belongs to a household' })
  addMember(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddHouseholdMemberDto,
  ): Promise<HouseholdView> {
    return this.households.addMember(scope, id, body);
  }
}

@ApiTags('clients')
@Controller('api/clients/:id/household')
export class ClientHouseholdController {
  constructor(private readonly households: HouseholdsService) {}

  @Get()
  @ApiOperation({ summary: 'The household a client belongs to, with the members visible under the purpose' })
  @Access({ personalData: { resource: 'household', action: 'read' } })
  @ApiOkResponse({ type: ClientHouseholdResponseDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  ofClient(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ household: HouseholdView | null }> {
    return this.households.ofClient(scope, id);
  }
}
