export { ContractsModule } from './contracts.module';
export { ContractsService } from './contracts.service';
export type { ContractRetentionFacts, ContractSummary } from './contracts.service';
export type { ContractEndingSoon } from './contract-row';
export type { ContractView } from './contract-views';
export type { StoredInsuredObject } from './insured-object';
export { CONTRACT_STATUSES, contractStatusSql } from './contract-status';
export type { ContractStatus } from './contract-status';
