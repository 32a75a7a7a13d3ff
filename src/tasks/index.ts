export { TasksModule, TasksProcessorsModule } from './tasks.module';
export { TasksService } from './tasks.service';
export type { TaskView } from './tasks.service';
export { TaskScanService, RENEWAL_CALL_WINDOW_DAYS } from './task-scan.service';
export type { TaskScanResult } from './task-scan.service';
