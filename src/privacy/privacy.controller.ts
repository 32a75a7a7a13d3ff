import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Public } from '@app/privacy';
import { PrivacyDocumentsService } from './privacy-documents.service';
import {
  EntityFieldsDto,
  NoticeQueryDto,
  NoticeResponseDto,
  ProcessingRecordResponseDto,
  PurposesResponseDto,
} from './privacy.dto';

@ApiTags('privacy')
@ApiExtraModels(EntityFieldsDto)
@Controller('api/privacy')
export class PrivacyController {
  constructor(private readonly documents: PrivacyDocumentsService) {}

  @Get('purposes')
  @ApiOperation({ summary: 'The processing purposes and what each may see and do' })
  @Access({})
  @ApiOkResponse({
    type: PurposesResponseDto,
    description: 'Every purpose with its legal basis, consent need, fields by role and retention',
  })
  purposes() {
    return this.documents.purposes();
  }

  @Get('processing-record')
  @ApiOperation({ summary: 'The record of processing activities (art. 30 RODO)' })
  @Access({})
  @ApiOkResponse({
    type: ProcessingRecordResponseDto,
    description: 'The record of processing activities (art. 30 GDPR), derived from the privacy registry',
  })
  processingRecord() {
    return this.documents.processingRecord();
  }

  @Get('notice')
  @ApiOperation({ summary: 'The information notice for clients (art. 13 RODO)' })
  @Public()
  @ApiOkResponse({
    type: NoticeResponseDto,
    description:
      'The information notice (art. 13 GDPR) in Polish or English, with the UODO complaint address',
  })
  notice(@Query() query: NoticeQueryDto) {
    return this.documents.notice(query.lang ?? 'pl');
  }
}
