import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Public } from '@app/privacy';
import { PrivacyDocumentsService } from './privacy-documents.service';
import { NoticeQueryDto } from './privacy.dto';

@ApiTags('privacy')
@Controller('api/privacy')
export class PrivacyController {
  constructor(private readonly documents: PrivacyDocumentsService) {}

  @Get('purposes')
  @Access({})
  @ApiOkResponse({
    description: 'Every purpose with its legal basis, consent need, fields by role and retention',
  })
  purposes() {
    return this.documents.purposes();
  }

  @Get('processing-record')
  @Access({})
  @ApiOkResponse({
    description: 'The record of processing activities (art. 30 GDPR), derived from the privacy registry',
  })
  processingRecord() {
    return this.documents.processingRecord();
  }

  @Get('notice')
  @Public()
  @ApiOkResponse({
    description:
      'The information notice (art. 13 GDPR) in Polish or English, with the UODO complaint address',
  })
  notice(@Query() query: NoticeQueryDto) {
    return this.documents.notice(query.lang ?? 'pl');
  }
}
