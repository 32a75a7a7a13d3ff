import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents';
import { ClientBookImport } from './client-book-import.service';
import { ClientConsentsService } from './client-consents.service';
import { ClientRepository } from './client.repository';
import { ClientWrites } from './client-writes.service';
import { CompanyImportRepository } from './company-import.repository';
import { DuplicateReviewRepository } from './duplicate-review.repository';
import { ClientsController } from './clients.controller';
import { ClientGroupsRepository } from './client-groups.repository';
import {
  ClientHouseholdController,
  HouseholdsController,
  RepresentativesController,
} from './client-groups.controller';
import { HouseholdsService } from './households.service';
import { RepresentativesService } from './representatives.service';
import { ClientsService } from './clients.service';
import { DuplicateReviewsController } from './duplicate-reviews.controller';
import { DuplicateReviewsService } from './duplicate-reviews.service';

@Module({
  imports: [ConsentsModule],
  controllers: [
    ClientsController,
    DuplicateReviewsController,
    RepresentativesController,
    HouseholdsController,
    ClientHouseholdController,
  ],
  providers: [
    ClientRepository,
    DuplicateReviewRepository,
    ClientWrites,
    ClientsService,
    ClientConsentsService,
    DuplicateReviewsService,
    ClientGroupsRepository,
    RepresentativesService,
    HouseholdsService,
    ClientBookImport,
    CompanyImportRepository,
  ],
  exports: [ClientsService, RepresentativesService, HouseholdsService, ClientBookImport],
})
export class ClientsModule {}
