export { ConsentsModule } from './consents.module';
export { ConsentsService } from './consents.service';
export type { ConsentView, ConsentHistoryEvent, GrantInput, WithdrawInput } from './consents.service';
export { ObjectionStandsError } from './consents.errors';
