export { MandatesModule, MandatesProcessorsModule } from './mandates.module';
export { MandatesService } from './mandates.service';
export type { MandateView } from './mandates.service';
export { MandateSubjectsService } from './mandate-subjects.service';
export { MandateEndService } from './mandate-end.service';
export type { MandateExpiryReport } from './mandate-end.service';
export { MandateStoreHealth } from './mandate-store-health.service';
export { MandateSubjectDirectory } from './mandate-subject-directory';
export type { MandateSubjectController } from './mandate-subject-directory';
