import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@app/privacy';
import { PrivacyDocumentsService } from './privacy-documents.service';

@ApiTags('privacy')
@Controller('api/privacy')
export class PrivacyController {
  constructor(private readonly documents: PrivacyDocumentsService) {}

  @Get('purposes')
  @Access({})
  @ApiOkResponse({ description: 'Every purpose with its legal basis, consent need, fields by role and retention' })
  purposes() {
    return this.documents.purposes();
  }
}
