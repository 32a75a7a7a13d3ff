import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
  ActivityPageDto,
  ActivityResponseDto,
  CreateActivityDto,
  ListActivitiesQueryDto,
} from './activity.dto';
import { ActivitiesService, ActivityView } from './activities.service';

const READING = PURPOSES.filter((p) => REGISTRY[p].access.ClientActivity !== undefined);
const WRITING = PURPOSES.filter((p) => writableFields(p, 'ClientActivity').length > 0);

@ApiTags('activities')
@Controller('api/clients/:id/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Access({ personalData: { resource: 'client_activity', action: 'create' }, purposes: WRITING })
  @ApiOperation({
    summary: 'Record a call, meeting or note on the client’s timeline, under the current purpose',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: ActivityResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid input; at in the future (DATE_IN_FUTURE)' })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'CLIENT_ANONYMISED' })
  create(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateActivityDto,
  ): Promise<ActivityView> {
    return this.activities.create(scope, id, body);
  }

  @Get()
  @Access({ personalData: { resource: 'client_activity', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'The client’s timeline under the current purpose, newest first' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ActivityPageDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListActivitiesQueryDto,
  ): Promise<Page<ActivityView>> {
    return this.activities.list(scope, id, query);
  }
}
