import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { JobsModule } from '../jobs';
import { MailingsModule } from '../mailings';
import { InstalmentReminderDelivery } from './instalment-reminder-delivery.service';
import { InstalmentReminderRepository } from './instalment-reminder.repository';
import { InstalmentRemindersService } from './instalment-reminders.service';
import { InstalmentRepository } from './instalment.repository';
import { InstalmentsController } from './instalments.controller';
import {
  InstalmentReminderScanProcessor,
  InstalmentReminderScheduler,
  InstalmentReminderSendProcessor,
} from './instalments.processor';
import { InstalmentsService } from './instalments.service';

/** Payment schedules of contracts, payments, the overdue list and the reminders of overdue instalments. */
@Module({
  imports: [JobsModule, ClientsModule, ContractsModule, MailingsModule],
  controllers: [InstalmentsController],
  providers: [
    InstalmentRepository,
    InstalmentReminderRepository,
    InstalmentsService,
    InstalmentRemindersService,
    InstalmentReminderDelivery,
  ],
  exports: [InstalmentsService, InstalmentRemindersService, InstalmentReminderDelivery],
})
export class InstalmentsModule {}

/** The reminder processors and the daily job scheduler; imported only by the worker in background mode. */
@Module({
  imports: [InstalmentsModule, MailingsModule],
  providers: [InstalmentReminderScanProcessor, InstalmentReminderSendProcessor, InstalmentReminderScheduler],
})
export class InstalmentsProcessorsModule {}
