import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { InsurersModule } from '../insurers';
import { OffersModule } from '../offers';
import { ContractAnnexRepository } from './contract-annex.repository';
import { ContractAnnexesService } from './contract-annexes.service';
import { ContractBookImport } from './contract-book-import.service';
import { ContractBookRepository } from './contract-book.repository';
import { ContractCommissionRepository } from './contract-commission.repository';
import { ContractChangesService } from './contract-changes.service';
import { ContractConclusionService } from './contract-conclusion.service';
import { ContractRegisterService } from './contract-register.service';
import { ContractRepository } from './contract.repository';
import { ConclusionController, ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [ClientsModule, InsurersModule, OffersModule],
  controllers: [ContractsController, ConclusionController],
  providers: [
    ContractRepository,
    ContractAnnexRepository,
    ContractsService,
    ContractConclusionService,
    ContractChangesService,
    ContractRegisterService,
    ContractAnnexesService,
    ContractBookRepository,
    ContractBookImport,
    ContractCommissionRepository,
  ],
  exports: [ContractsService, ContractBookImport],
})
export class ContractsModule {}
