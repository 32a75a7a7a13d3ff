export { OffersModule } from './offers.module';
export { OffersService } from './offers.service';
export type { ClientOfferSummary } from './offers.service';
export type { NewOfferRequest, OfferRequestRow } from './offer-request.repository';
export type { QuoteRow } from './quote.repository';
export type { OfferRequestView, QuoteView } from './offer-views';
export { COVERAGE_CODES, isLineOfBusiness, unknownCoverageCodes } from './coverage-codes';
export { MAX_AMOUNT, MoneyDto, toMoney } from './money';
export type { Money } from './money';
export {
  DuplicateCoverageError,
  OfferRequestConcludedError,
  RenewalAlreadyStartedError,
  UnknownCoverageCodeError,
} from './offers.errors';
export { CoverageDto, NeedsDto } from './offer.dto';
export { OfferRequestResponseDto } from './offer-response.dto';
export type { QuoteMismatch, Shortfall } from './comparison';
