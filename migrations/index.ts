import { Platform1764100000000 } from './1764100000000-platform';
import { OffersContracts1764200000000 } from './1764200000000-offers-contracts';
import { Mandates1764300000000 } from './1764300000000-mandates';
import { Messaging1764400000000 } from './1764400000000-messaging';
import { DataSubjectRights1764500000000 } from './1764500000000-data-subject-rights';
import { AccessLogReview1764600000000 } from './1764600000000-access-log-review';
import { Sessions1764700000000 } from './1764700000000-sessions';
import { AuditChainKey1764710000000 } from './1764710000000-audit-chain-key';
import { RequestDelivery1764720000000 } from './1764720000000-request-delivery';
import { ErasureGrounds1764730000000 } from './1764730000000-erasure-grounds';
import { DuplicateReview1764740000000 } from './1764740000000-duplicate-review';
import { Portfolios1764750000000 } from './1764750000000-portfolios';
import { PolishClientNames1764761000000 } from './1764761000000-polish-client-names';
import { ConclusionMismatch1764762000000 } from './1764762000000-conclusion-mismatch';
import { PolicyRegister1764770000000 } from './1764770000000-policy-register';
import { Instalments1764771000000 } from './1764771000000-instalments';
import { CompaniesHouseholds1764780000000 } from './1764780000000-companies-households';
import { BookImports1764785000000 } from './1764785000000-book-imports';
import { ClientLanguage1764790000000 } from './1764790000000-client-language';
import { CompanyNameSearch1764795000000 } from './1764795000000-company-name-search';
import { LegalHoldReleaseReason1764810000000 } from './1764810000000-legal-hold-release-reason';
import { RecordPartitions1764830000000 } from './1764830000000-record-partitions';
import { ClaimsTasksTimeline1764840000000 } from './1764840000000-claims-tasks-timeline';
import { Commissions1764850000000 } from './1764850000000-commissions';
import { Documents1764860000000 } from './1764860000000-documents';
import { TaskDocumentMissing1764870000000 } from './1764870000000-task-document-missing';

/** Every migration, in order. The app, the CLI and the tests run exactly this list. */
export const MIGRATIONS = [
  Platform1764100000000,
  OffersContracts1764200000000,
  Mandates1764300000000,
  Messaging1764400000000,
  DataSubjectRights1764500000000,
  AccessLogReview1764600000000,
  Sessions1764700000000,
  AuditChainKey1764710000000,
  RequestDelivery1764720000000,
  ErasureGrounds1764730000000,
  DuplicateReview1764740000000,
  Portfolios1764750000000,
  PolishClientNames1764761000000,
  ConclusionMismatch1764762000000,
  PolicyRegister1764770000000,
  Instalments1764771000000,
  CompaniesHouseholds1764780000000,
  BookImports1764785000000,
  ClientLanguage1764790000000,
  CompanyNameSearch1764795000000,
  LegalHoldReleaseReason1764810000000,
  RecordPartitions1764830000000,
  ClaimsTasksTimeline1764840000000,
  Commissions1764850000000,
  Documents1764860000000,
  TaskDocumentMissing1764870000000,
];
