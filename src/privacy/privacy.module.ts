import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyDocumentsService } from './privacy-documents.service';

@Module({
  controllers: [PrivacyController],
  providers: [PrivacyDocumentsService],
  exports: [PrivacyDocumentsService],
})
export class PrivacyModule {}
