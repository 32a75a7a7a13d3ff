export { RemindersModule, RemindersProcessorsModule } from './reminders.module';
export { RemindersService } from './reminders.service';
export type { ScanResult } from './reminders.service';
