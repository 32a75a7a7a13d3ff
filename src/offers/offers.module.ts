import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { InsurersModule } from '../insurers';
import { ClientRecordsAccess } from './client-records-access.service';
import { OfferRequestEntity } from './offer-request.entity';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';
import { QuoteEntity } from './quote.entity';

@Module({
  imports: [TypeOrmModule.forFeature([OfferRequestEntity, QuoteEntity]), ClientsModule, ConsentsModule, InsurersModule],
  controllers: [OffersController],
  providers: [OffersService, ClientRecordsAccess],
  exports: [OffersService, ClientRecordsAccess],
})
export class OffersModule {}
