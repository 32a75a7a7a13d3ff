import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  CreateTaskDto,
  ListTasksQueryDto,
  RunTaskScanDto,
  TaskPageDto,
  TaskResponseDto,
  TaskScanResponseDto,
  UpdateTaskDto,
} from './task.dto';
import { TaskScanResult, TaskScanService } from './task-scan.service';
import { TaskView, TasksService } from './tasks.service';

/** The purposes the registry lets read tasks, and those under which tasks are made and worked. */
const READING = PURPOSES.filter((p) => REGISTRY[p].access.Task !== undefined);
const WRITING = PURPOSES.filter((p) => writableFields(p, 'Task').length > 0);

@ApiTags('tasks')
@Controller('api/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly scan: TaskScanService,
  ) {}

  @Get()
  @Access({ personalData: { resource: 'task', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'Tasks of the current purpose, earliest due first; ?assignee=me&status=open' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentScope() scope: PrivacyScope, @Query() query: ListTasksQueryDto): Promise<Page<TaskView>> {
    return this.tasks.list(scope, query);
  }

  @Post()
  @Access({ personalData: { resource: 'task', action: 'create' }, purposes: WRITING })
  @ApiOperation({ summary: 'A task about a client, for oneself or another broker' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid input; ASSIGNEE_NOT_A_BROKER, CONTRACT_OF_OTHER_CLIENT' })
  @ApiNotFoundResponse({ description: 'No such client or contract, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'CLIENT_ANONYMISED' })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateTaskDto): Promise<TaskView> {
    return this.tasks.create(scope, body);
  }

  /** The admin runs the daily scan now; the scan works as the system under contract performance, and records it. */
  @Post('scan')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Run the daily scan for renewal calls and overdue instalments now' })
  @ApiOkResponse({ type: TaskScanResponseDto })
  @ApiBadRequestResponse({ description: 'date not a day, or in the future (DATE_IN_FUTURE)' })
  runScan(@Body() body: RunTaskScanDto): Promise<TaskScanResult> {
    return this.scan.run(body.date);
  }

  @Patch(':id')
  @Access({ personalData: { resource: 'task', action: 'update' }, purposes: WRITING })
  @ApiOperation({ summary: 'Complete, cancel or reopen a task, assign it, or change its title or due date' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiBadRequestResponse({ description: 'NOTHING_TO_CHANGE, ASSIGNEE_NOT_A_BROKER' })
  @ApiNotFoundResponse({ description: 'No such task, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'CLIENT_ANONYMISED' })
  update(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.update(scope, id, body);
  }
}
