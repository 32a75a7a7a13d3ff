import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { InstalmentsModule } from '../instalments';
import { InsurersModule } from '../insurers';
import { CommissionAgreementRepository } from './commission-agreement.repository';
import { CommissionAgreementsController } from './commission-agreements.controller';
import { CommissionAgreementsService } from './commission-agreements.service';
import { CommissionStatementRepository } from './commission-statement.repository';
import { CommissionStatementsController } from './commission-statements.controller';
import { CommissionStatementsService } from './commission-statements.service';
import { ContractCommissionsService } from './contract-commissions.service';

/** Commission agreements, contracts' commissions, and the reconciliation of insurers' statements. */
@Module({
  imports: [AuthModule, ClientsModule, ContractsModule, InstalmentsModule, InsurersModule],
  controllers: [CommissionAgreementsController, CommissionStatementsController],
  providers: [
    CommissionAgreementRepository,
    CommissionStatementRepository,
    CommissionAgreementsService,
    ContractCommissionsService,
    CommissionStatementsService,
  ],
  exports: [ContractCommissionsService, CommissionStatementsService, CommissionAgreementsService],
})
export class CommissionsModule {}
