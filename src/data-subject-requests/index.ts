// The mandates module (imported by this one) reads the token while this file may still be loading:
// it is exported before the module.
export { MANDATE_SUBJECT_DIRECTORY } from './mandate-subject-directory';
export type { MandateSubjectDirectory, MandateSubjectController } from './mandate-subject-directory';
export { DataSubjectRequestsModule } from './data-subject-requests.module';
export { DataSubjectRequestsService } from './data-subject-requests.service';
export { answerDueDate, extendedDueDate } from './due-date';
