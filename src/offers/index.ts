export { OffersModule } from './offers.module';
export { OffersService } from './offers.service';
export type {
  ClientOfferSummary,
  NewOfferRequest,
  OfferRequestRow,
  OfferRequestView,
  QuoteRow,
} from './offers.service';
export { ClientRecordsAccess, pick } from './client-records-access.service';
export type { ScopedActor } from './client-records-access.service';
export { COVERAGE_CODES, isLineOfBusiness, unknownCoverageCodes } from './coverage-codes';
export { MoneyDto, toMoney } from './money';
export type { Money } from './money';
export { OfferRequestConcludedError, RenewalAlreadyStartedError } from './offers.errors';
export { NeedsDto } from './offer.dto';
