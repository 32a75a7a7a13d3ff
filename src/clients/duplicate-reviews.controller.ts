import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  DuplicateReviewPageDto,
  DuplicateReviewResponseDto,
  ListDuplicateReviewsQueryDto,
  ResolveDuplicateReviewDto,
} from './duplicate-review.dto';
import { DuplicateReviewsService } from './duplicate-reviews.service';

const DPO = { roles: ['dpo'], purposes: ['data_subject_rights'] } as const;

/** The data protection officer's queue of registrations refused because another client holds the PESEL. */
@ApiTags('clients')
@Controller('api/duplicate-reviews')
export class DuplicateReviewsController {
  constructor(private readonly reviews: DuplicateReviewsService) {}

  @Get()
  @ApiOperation({ summary: 'List duplicate-PESEL reviews' })
  @Access({ ...DPO, personalData: { resource: 'duplicate_review', action: 'list' } })
  @ApiOkResponse({ type: DuplicateReviewPageDto, description: 'Newest first' })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Query() query: ListDuplicateReviewsQueryDto,
  ): Promise<Page<DuplicateReviewResponseDto>> {
    return this.reviews.list(scope, query);
  }

  @Post(':id/resolve')
  @ApiOperation({ summary: 'Resolve a duplicate-PESEL review' })
  @HttpCode(200)
  @Access({ ...DPO, personalData: { resource: 'duplicate_review', action: 'update' } })
  @ApiOkResponse({ type: DuplicateReviewResponseDto })
  @ApiNotFoundResponse({ description: 'No such review' })
  @ApiConflictResponse({ description: 'DUPLICATE_REVIEW_RESOLVED: already resolved' })
  resolve(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResolveDuplicateReviewDto,
  ): Promise<DuplicateReviewResponseDto> {
    return this.reviews.resolve(scope, id, body);
  }
}
