import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { OffersModule } from '../offers';
import { ConclusionController, ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [ClientsModule, OffersModule],
  controllers: [ContractsController, ConclusionController],
  providers: [ContractsService],
  exports: [ContractsService],
})
export class ContractsModule {}
