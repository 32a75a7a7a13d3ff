import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { InsurersModule } from '../insurers';
import { OfferComparisonService } from './offer-comparison.service';
import { OfferRequestRepository } from './offer-request.repository';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';
import { QuoteRepository } from './quote.repository';
import { QuotesService } from './quotes.service';

@Module({
  imports: [ClientsModule, InsurersModule],
  controllers: [OffersController],
  providers: [OfferRequestRepository, QuoteRepository, OffersService, QuotesService, OfferComparisonService],
  exports: [OffersService],
})
export class OffersModule {}
