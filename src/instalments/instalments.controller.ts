import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { Access, PURPOSES, PrivacyScope, REGISTRY } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  CreateScheduleDto,
  InstalmentPageDto,
  InstalmentResponseDto,
  ListInstalmentsQueryDto,
  RecordPaymentDto,
  RunInstalmentRemindersDto,
  RunInstalmentRemindersResponseDto,
  ScheduleResponseDto,
} from './instalment.dto';
import { InstalmentRemindersService, InstalmentScanResult } from './instalment-reminders.service';
import { InstalmentView, InstalmentsService } from './instalments.service';

/** The purposes the registry lets read instalments; any other is refused at the door. */
const READING = PURPOSES.filter((p) => REGISTRY[p].access.Instalment !== undefined);

@ApiTags('instalments')
@Controller()
export class InstalmentsController {
  constructor(
    private readonly instalments: InstalmentsService,
    private readonly reminders: InstalmentRemindersService,
  ) {}

  @Get('api/contracts/:id/instalments')
  @Access({ personalData: { resource: 'instalment', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'The payment schedule of a contract' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ScheduleResponseDto })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  schedule(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<Page<InstalmentView>> {
    return this.instalments.schedule(scope, id);
  }

  @Post('api/contracts/:id/instalments')
  @Access({
    personalData: { resource: 'instalment', action: 'create' },
    purposes: ['contract_performance'],
  })
  @ApiOperation({ summary: 'Split the contract’s premium into 1, 2, 4 or 12 instalments' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: ScheduleResponseDto })
  @ApiBadRequestResponse({ description: 'count not 1, 2, 4 or 12' })
  @ApiNotFoundResponse({ description: 'No such contract, or not visible under this purpose' })
  @ApiConflictResponse({
    description:
      'SCHEDULE_HAS_PAYMENTS (the existing schedule has a payment), CONTRACT_CANCELLED, CONTRACT_WITHOUT_PREMIUM',
  })
  createSchedule(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateScheduleDto,
  ): Promise<Page<InstalmentView>> {
    return this.instalments.createSchedule(scope, id, body);
  }

  @Get('api/instalments')
  @Access({ personalData: { resource: 'instalment', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'Instalments, oldest due date first; ?overdue=true: due before today and unpaid' })
  @ApiOkResponse({ type: InstalmentPageDto })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListInstalmentsQueryDto,
  ): Promise<Page<InstalmentView>> {
    return this.instalments.list(scope, query);
  }

  @Post('api/instalments/:id/payment')
  @HttpCode(200)
  @Access({
    personalData: { resource: 'instalment', action: 'update' },
    purposes: ['contract_performance'],
  })
  @ApiOperation({ summary: 'Record a payment of an instalment (payments add up)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: InstalmentResponseDto })
  @ApiBadRequestResponse({
    description: 'paidAt not a day or after today (DATE_IN_FUTURE); amount not above 0',
  })
  @ApiNotFoundResponse({ description: 'No such instalment, or not visible under this purpose' })
  @ApiConflictResponse({ description: 'INSTALMENT_ALREADY_PAID' })
  recordPayment(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordPaymentDto,
  ): Promise<InstalmentView> {
    return this.instalments.recordPayment(scope, id, body);
  }

  /** The admin runs the daily scan now; the scan touches client data only as the system, and records it. */
  @Post('api/instalment-reminders/run')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Run the daily scan of overdue instalments now' })
  @ApiOkResponse({ type: RunInstalmentRemindersResponseDto })
  run(@Body() body: RunInstalmentRemindersDto): Promise<InstalmentScanResult> {
    return this.reminders.run(body.date);
  }
}
