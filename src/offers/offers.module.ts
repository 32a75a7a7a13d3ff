import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { InsurersModule } from '../insurers';
import { ClientRecordsAccess } from './client-records-access.service';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';

@Module({
  imports: [ClientsModule, ConsentsModule, InsurersModule],
  controllers: [OffersController],
  providers: [OffersService, ClientRecordsAccess],
  exports: [OffersService, ClientRecordsAccess],
})
export class OffersModule {}
