import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { ContractReminderDto, RunRemindersDto, RunRemindersResponseDto } from './reminder.dto';
import { RemindersService, ScanResult } from './reminders.service';

@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** The admin runs the daily scan now; the scan touches client data only as the system, and records it. */
  @Post('api/reminders/run')
  @ApiOperation({ summary: 'Run the renewal reminder scan now' })
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: RunRemindersResponseDto })
  run(@Body() body: RunRemindersDto): Promise<ScanResult> {
    return this.reminders.run(body.date);
  }

  @Get('api/contracts/:id/reminders')
  @ApiOperation({ summary: 'The renewal reminders of a contract' })
  @Access({
    roles: ['broker', 'marketing'],
    purposes: ['contract_performance', 'renewal_reminders'],
    personalData: { resource: 'contract_reminder', action: 'list' },
  })
  @ApiPageResponse(ContractReminderDto, 'The reminders of the contract (one per lead time at most)')
  @ApiNotFoundResponse({ description: 'No such contract, or its client is not visible under this purpose' })
  forContract(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<Page<ContractReminderDto>> {
    return this.reminders.forContract(scope, id);
  }
}
