export { DataSubjectRequestsModule } from './data-subject-requests.module';
export { DataSubjectRequestsService } from './data-subject-requests.service';
export { MANDATE_SUBJECT_DIRECTORY } from './mandate-subject-directory';
export type { MandateSubjectDirectory, MandateSubjectController } from './mandate-subject-directory';
export { answerDueDate, extendedDueDate } from './due-date';
