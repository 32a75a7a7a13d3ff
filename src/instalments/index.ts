export { InstalmentsModule, InstalmentsProcessorsModule } from './instalments.module';
export { InstalmentsService } from './instalments.service';
export type { InstalmentView, ScheduledPayment } from './instalments.service';
export { InstalmentRemindersService } from './instalment-reminders.service';
export type { InstalmentScanResult } from './instalment-reminders.service';
export type { InstalmentOfClient } from './instalment-row';
export { planSchedule, addMonths } from './schedule';
