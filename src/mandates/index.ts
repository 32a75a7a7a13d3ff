export { MandatesModule } from './mandates.module';
export { MandatesService } from './mandates.service';
export type { MandateView } from './mandates.service';
export { MandateSubjectsService } from './mandate-subjects.service';
export { MandateSubjectDirectory } from './mandate-subject-directory';
export type { MandateSubjectController } from './mandate-subject-directory';
