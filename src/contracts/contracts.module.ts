import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients';
import { OffersModule } from '../offers';
import { ContractEntity } from './contract.entity';
import { ConclusionController, ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [TypeOrmModule.forFeature([ContractEntity]), ClientsModule, OffersModule],
  controllers: [ContractsController, ConclusionController],
  providers: [ContractsService],
  exports: [ContractsService],
})
export class ContractsModule {}
