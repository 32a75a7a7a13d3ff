export { ActivitiesModule } from './activities.module';
export { ActivitiesService } from './activities.service';
export type { ActivityView } from './activities.service';
