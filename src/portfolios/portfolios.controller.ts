import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PrivacyScope } from '@app/privacy';
import { Acting, CurrentActor, CurrentScope } from '../auth';
import { ClientPortfolioService } from './client-portfolio.service';
import {
  AddTeamMemberDto,
  BreakGlassDto,
  BreakGlassResponseDto,
  CreateTeamDto,
  TeamListResponseDto,
  TeamResponseDto,
  TransferClientDto,
  TransferResponseDto,
} from './portfolio.dto';
import { TeamsService } from './teams.service';

@ApiTags('portfolios')
@Controller('api/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Create a team (a portfolio of clients)' })
  @ApiCreatedResponse({ type: TeamResponseDto })
  create(@Body() body: CreateTeamDto): Promise<TeamResponseDto> {
    return this.teams.create(body.name);
  }

  @Get()
  @Access({ roles: ['admin', 'manager'] })
  @ApiOperation({ summary: 'List teams with their members' })
  @ApiOkResponse({ type: TeamListResponseDto })
  list(): Promise<{ items: TeamResponseDto[] }> {
    return this.teams.list();
  }

  @Post(':id/members')
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Add a staff member to a team; they see its portfolio from their next request' })
  @ApiCreatedResponse({ type: TeamResponseDto })
  addMember(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddTeamMemberDto,
  ): Promise<TeamResponseDto> {
    return this.teams.addMember(id, body.staffId);
  }

  @Delete(':id/members/:staffId')
  @HttpCode(204)
  @Access({ roles: ['admin'] })
  @ApiOperation({
    summary: 'Remove a staff member from a team; they lose its portfolio on their next request',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async removeMember(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('staffId', new ParseUUIDPipe()) staffId: string,
  ): Promise<void> {
    await this.teams.removeMember(id, staffId);
  }
}

@ApiTags('portfolios')
@Controller('api/clients')
export class ClientPortfolioController {
  constructor(private readonly portfolios: ClientPortfolioService) {}

  @Post(':id/transfer')
  @HttpCode(200)
  @Access({ roles: ['admin', 'manager'] })
  @ApiOperation({ summary: "Move a client to another team's portfolio, with a reason" })
  @ApiOkResponse({ type: TransferResponseDto })
  transfer(
    @CurrentActor() actor: Acting,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TransferClientDto,
  ): Promise<TransferResponseDto> {
    return this.portfolios.transfer(actor.staffId, id, body);
  }

  @Post(':id/break-glass')
  @Access({
    roles: ['broker'],
    personalData: { resource: 'client', action: 'break_glass' },
    purposes: ['offer_preparation', 'contract_performance', 'client_contact', 'claims'],
  })
  @ApiOperation({ summary: 'Open a client outside your portfolio for a limited time, with a reason' })
  @ApiCreatedResponse({ type: BreakGlassResponseDto })
  breakGlass(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: BreakGlassDto,
  ): Promise<BreakGlassResponseDto> {
    return this.portfolios.breakGlass(scope, id, body);
  }
}
