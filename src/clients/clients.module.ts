import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentsModule } from '../consents';
import { ClientEntity } from './client.entity';
import { ClientConsentsService } from './client-consents.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { DuplicateReviewsController } from './duplicate-reviews.controller';
import { DuplicateReviewsService } from './duplicate-reviews.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity]), ConsentsModule],
  controllers: [ClientsController, DuplicateReviewsController],
  providers: [ClientsService, ClientConsentsService, DuplicateReviewsService],
  exports: [ClientsService],
})
export class ClientsModule {}
