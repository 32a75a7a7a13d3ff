export { RetentionModule, RetentionProcessorsModule } from './retention.module';
export { RetentionService } from './retention.service';
export type { SweepOptions, SweepReport, KeptClient } from './retention.service';
export { ErasureService, ERASED_CLIENT_FIELDS } from './erasure.service';
export { LegalHoldsService } from './legal-holds.service';
export type { LegalHoldHistoryEntry } from './legal-hold.repository';
export { ClientAnonymisedError } from '../clients';
export { decideRetention, erasureGrounds, runningDuties, retentionPolicies } from './retention-rules';
export type {
  ErasureGround,
  RetentionDuty,
  RetentionFacts,
  RetentionDecision,
  DutyKind,
} from './retention-rules';
export { addCalendarMonths, addMonthsToInstant, daysInMonth, isCalendarDate, isLeapYear } from './calendar';
