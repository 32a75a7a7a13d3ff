import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@app/privacy';
import { RetentionPoliciesDto, SweepDto, SweepReportDto } from './retention.dto';
import { RetentionService, SweepReport } from './retention.service';

@ApiTags('retention')
@Controller('api/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('policies')
  @ApiOperation({ summary: 'Retention periods per purpose' })
  @Access({})
  @ApiOkResponse({
    type: RetentionPoliciesDto,
    description: 'Retention per purpose, from the privacy registry',
  })
  policies() {
    return this.retention.policies();
  }

  @Post('sweep')
  @ApiOperation({ summary: 'Run the retention sweep (or a dry run)' })
  @HttpCode(200)
  @Access({
    roles: ['dpo'],
    purposes: ['data_subject_rights'],
    personalData: { resource: 'client', action: 'erase' },
  })
  @ApiOkResponse({
    type: SweepReportDto,
    description: 'What was (or, in a dry run, would be) anonymised, and what is kept, why and until when',
  })
  @ApiBadRequestResponse({ description: 'asOf after today without dryRun: true (AS_OF_IN_FUTURE)' })
  sweep(@Body() body: SweepDto): Promise<SweepReport> {
    return this.retention.sweep({
      dryRun: body.dryRun,
      asOf: body.asOf ? new Date(body.asOf) : undefined,
      recordReview: true,
    });
  }
}
