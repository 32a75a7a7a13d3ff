import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ClientsModule } from '../clients';
import { AccessLogController } from './access-log.controller';
import { AccessLogService } from './access-log.service';
import { AnomaliesService } from './anomalies.service';

/** Review of the record of operations by managers and the dpo (the staff workplace shows it). */
@Module({
  imports: [AuthModule, ClientsModule],
  controllers: [AccessLogController],
  providers: [AccessLogService, AnomaliesService],
  exports: [AccessLogService, AnomaliesService],
})
export class AccessLogModule {}
