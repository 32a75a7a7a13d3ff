import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { LegalHoldsService } from './legal-holds.service';
import { ActiveLegalHoldPageDto, ListActiveLegalHoldsQueryDto } from './retention.dto';

/**
 * The office's active legal holds in one list, for the DPO's review of what still keeps data for
 * a claim (a client's own holds, released ones too, are under the client).
 */
@ApiTags('retention')
@Controller('api/legal-holds')
export class ActiveLegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @Get()
  @ApiOperation({
    summary: 'Active legal holds of the clients the caller sees, newest first',
    description: 'A broker sees those of their portfolio; each page is recorded as a list of its clients.',
  })
  @Access({
    roles: ['dpo', 'broker'],
    purposes: ['claims', 'data_subject_rights'],
    personalData: { resource: 'legal_hold', action: 'list' },
  })
  @ApiOkResponse({ type: ActiveLegalHoldPageDto })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListActiveLegalHoldsQueryDto,
  ): Promise<ActiveLegalHoldPageDto> {
    return this.holds.listActive(scope, query);
  }
}
