export { CommissionsModule } from './commissions.module';
export { ContractCommissionsService } from './contract-commissions.service';
export { CommissionStatementsService } from './commission-statements.service';
export type { ContractCommissionView } from './contract-commissions.service';
export { CommissionAgreementsService } from './commission-agreements.service';
