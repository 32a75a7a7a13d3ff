import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CreateMandateContractDto,
  CreateMandateSubjectDto,
  ListMandateSubjectsQueryDto,
  MandateContractResponseDto,
  MandateSubjectDetailDto,
  MandateSubjectResponseDto,
} from './mandate.dto';
import { MandateSubjectsService } from './mandate-subjects.service';

const NOT_FOUND = 'No such mandate, not a member, the mandate has ended, or no such subject in it';

@ApiTags('mandates')
@Controller('api/mandates/:id/subjects')
export class MandateSubjectsController {
  constructor(private readonly subjects: MandateSubjectsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a person under a mandate' })
  @Access({ personalData: { resource: 'mandate_subject', action: 'create' }, purposes: ['insurer_mandate'] })
  @ApiCreatedResponse({ type: MandateSubjectResponseDto })
  @ApiForbiddenResponse({
    description: 'A field the mandate does not list (`fields`), or the mandate is not in force',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  create(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateMandateSubjectDto,
  ) {
    return this.subjects.create(scope, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'List the persons under a mandate' })
  @Access({ personalData: { resource: 'mandate_subject', action: 'list' }, purposes: ['insurer_mandate'] })
  @ApiPageResponse(
    MandateSubjectResponseDto,
    "A page of the mandate's subjects, each with only the mandate's fields",
  )
  @ApiNotFoundResponse({ description: NOT_FOUND })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListMandateSubjectsQueryDto,
  ) {
    return this.subjects.list(scope, id, query);
  }

  @Get(':subjectId')
  @ApiOperation({ summary: 'Read a person under a mandate, with their contracts' })
  @Access({ personalData: { resource: 'mandate_subject', action: 'read' }, purposes: ['insurer_mandate'] })
  @ApiOkResponse({ type: MandateSubjectDetailDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
  ) {
    return this.subjects.get(scope, id, subjectId);
  }

  @Post(':subjectId/contracts')
  @ApiOperation({ summary: 'Record a contract intermediated for a person under a mandate' })
  @Access({ personalData: { resource: 'mandate_subject', action: 'create' }, purposes: ['insurer_mandate'] })
  @ApiCreatedResponse({
    type: MandateContractResponseDto,
    description: "The contract being intermediated for the subject, on the insurer's behalf",
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  addContract(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
    @Body() body: CreateMandateContractDto,
  ) {
    return this.subjects.addContract(scope, id, subjectId, body);
  }
}
