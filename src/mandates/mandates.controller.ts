import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  AddMandateMemberDto,
  CreateMandateDto,
  ListMandatesQueryDto,
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
  @Access({ roles: ['admin'] })
  @ApiCreatedResponse({ type: MandateResponseDto })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateMandateDto) {
    return this.mandates.create(scope, body);
  }

  @Get()
  @Access({ roles: ['admin', 'broker'] })
  @ApiOkResponse({ description: 'Admins: every mandate. Brokers: the open mandates they are members of.' })
  list(@CurrentScope() scope: PrivacyScope, @Query() query: ListMandatesQueryDto) {
    return this.mandates.list(scope, query);
  }

  @Post(':id/members')
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
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOkResponse({
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
