import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@app/privacy';
import { SweepDto } from './retention.dto';
import { RetentionService, SweepReport } from './retention.service';

@ApiTags('retention')
@Controller('api/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('policies')
  @Access({})
  @ApiOkResponse({ description: 'Retention per purpose, from the privacy registry' })
  policies() {
    return this.retention.policies();
  }

  @Post('sweep')
  @HttpCode(200)
  @Access({
    roles: ['dpo'],
    purposes: ['data_subject_rights'],
    personalData: { resource: 'client', action: 'erase' },
  })
  @ApiOkResponse({
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
