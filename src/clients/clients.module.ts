import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents';
import { ClientBookImport } from './client-book-import.service';
import { ClientConsentsService } from './client-consents.service';
import { ClientRepository } from './client.repository';
import { ClientWrites } from './client-writes.service';
import { DuplicateReviewRepository } from './duplicate-review.repository';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { DuplicateReviewsController } from './duplicate-reviews.controller';
import { DuplicateReviewsService } from './duplicate-reviews.service';

@Module({
  imports: [ConsentsModule],
  controllers: [ClientsController, DuplicateReviewsController],
  providers: [
    ClientRepository,
    DuplicateReviewRepository,
    ClientWrites,
    ClientsService,
    ClientConsentsService,
    DuplicateReviewsService,
    ClientBookImport,
  ],
  exports: [ClientsService, ClientBookImport],
})
export class ClientsModule {}
