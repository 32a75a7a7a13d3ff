import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { JobsModule } from '../jobs';
import { MailingsModule } from '../mailings';
import { ContractReminderRepository } from './contract-reminder.repository';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderScanRepository } from './reminder-scan.repository';
import { RemindersController } from './reminders.controller';
import { ReminderScanProcessor, ReminderScheduler, ReminderSendProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

/** Expiry reminders: the scan (also on demand over HTTP) and the reminders sent per contract. */
@Module({
  imports: [JobsModule, ClientsModule, ContractsModule, MailingsModule],
  controllers: [RemindersController],
  providers: [ContractReminderRepository, ReminderScanRepository, RemindersService, ReminderDelivery],
  exports: [RemindersService, ReminderDelivery],
})
export class RemindersModule {}

/** The reminder processors and the daily job scheduler; imported only by the worker in background mode. */
@Module({
  imports: [RemindersModule, MailingsModule],
  providers: [ReminderScanProcessor, ReminderSendProcessor, ReminderScheduler],
})
export class RemindersProcessorsModule {}
