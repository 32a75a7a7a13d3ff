export { ClaimsModule } from './claims.module';
export { ClaimsService } from './claims.service';
export type { ClaimView } from './claims.service';
export { CLAIM_STATUSES } from './claim-workflow';
export type { ClaimStatus } from './claim-workflow';
