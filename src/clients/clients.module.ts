import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents';
import { ClientConsentsService } from './client-consents.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { DuplicateReviewsController } from './duplicate-reviews.controller';
import { DuplicateReviewsService } from './duplicate-reviews.service';

@Module({
  imports: [ConsentsModule],
  controllers: [ClientsController, DuplicateReviewsController],
  providers: [ClientsService, ClientConsentsService, DuplicateReviewsService],
  exports: [ClientsService],
})
export class ClientsModule {}
