import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  AddMandateMemberDto,
  CreateMandateDto,
  ListMandatesQueryDto,
  MandateEndResponseDto,
  MandateMemberResponseDto,
  MandateResponseDto,
} from './mandate.dto';
import { MandateEndService } from './mandate-end.service';
import { MandatesService } from './mandates.service';

@ApiTags('mandates')
@Controller('api/mandates')
export class MandatesController {
  constructor(
    private readonly mandates: MandatesService,
    private readonly ending: MandateEndService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a mandate (an insurer entrusts data to the broker)' })
  @Access({ roles: ['admin'] })
  @ApiCreatedResponse({ type: MandateResponseDto })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateMandateDto) {
    return this.mandates.create(scope, body);
  }

  @Get()
  @ApiOperation({ summary: 'List mandates' })
  @Access({ roles: ['admin', 'broker'] })
  @ApiPageResponse(
    MandateResponseDto,
    'Admins: every mandate. Brokers: the open mandates they are members of.',
  )
  list(@CurrentScope() scope: PrivacyScope, @Query() query: ListMandatesQueryDto) {
    return this.mandates.list(scope, query);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a staff member to a mandate' })
  @Access({ roles: ['admin'] })
  @ApiCreatedResponse({ type: MandateMemberResponseDto })
  @ApiNotFoundResponse({ description: 'No such mandate' })
  @ApiConflictResponse({ description: 'The mandate has ended' })
  addMember(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddMandateMemberDto,
  ) {
    return this.mandates.addMember(scope, id, body);
  }

  @Post(':id/end')
  @ApiOperation({ summary: 'End a mandate: return or delete its data' })
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOkResponse({
    type: MandateEndResponseDto,
    description:
      'Deletes the mandate\'s data; with endAction "return" the response first carries all of it as JSON (`export`). ' +
      'Afterwards nothing of it is left in schema `mandate` and members get 404.',
  })
  @ApiNotFoundResponse({ description: 'No such mandate' })
  @ApiConflictResponse({ description: 'The mandate has already ended' })
  end(@CurrentScope() scope: PrivacyScope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.ending.end(scope, id);
  }
}
