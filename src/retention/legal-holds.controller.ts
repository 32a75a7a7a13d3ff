import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { LegalHoldsService } from './legal-holds.service';
import {
  LegalHoldListDto,
  LegalHoldResponseDto,
  PlaceLegalHoldDto,
  ReleaseLegalHoldDto,
} from './retention.dto';

/** Legal holds live under the client they protect; the paths do not overlap the clients module's. */
@ApiTags('retention')
@Controller('api/clients')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @Post(':id/legal-holds')
  @ApiOperation({ summary: 'Place a legal hold on a client (keeps the data for a claim)' })
  @Access({
    roles: ['dpo', 'broker'],
    purposes: ['claims'],
    personalData: { resource: 'legal_hold', action: 'create' },
  })
  @ApiCreatedResponse({ type: LegalHoldResponseDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  place(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PlaceLegalHoldDto,
  ): Promise<LegalHoldResponseDto> {
    return this.holds.place(scope, id, body.reason);
  }

  @Get(':id/legal-holds')
  @ApiOperation({ summary: 'A client’s legal holds' })
  @Access({
    roles: ['dpo', 'broker'],
    purposes: ['claims', 'data_subject_rights'],
    personalData: { resource: 'legal_hold', action: 'list' },
  })
  @ApiOkResponse({ type: LegalHoldListDto })
  list(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.holds.list(scope, id);
  }

  @Delete(':id/legal-holds/:holdId')
  @ApiOperation({ summary: 'Release a legal hold' })
  @Access({
    roles: ['dpo', 'broker'],
    purposes: ['claims'],
    personalData: { resource: 'legal_hold', action: 'update' },
  })
  @ApiOkResponse({
    type: LegalHoldResponseDto,
    description: 'Released, with the reason when one is given; the hold stays as history',
  })
  release(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('holdId', new ParseUUIDPipe()) holdId: string,
    @Body() body: ReleaseLegalHoldDto,
  ): Promise<LegalHoldResponseDto> {
    return this.holds.release(scope, id, holdId, body.reason);
  }
}
