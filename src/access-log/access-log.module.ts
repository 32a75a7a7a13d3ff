import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { AccessLogController } from './access-log.controller';
import { AccessLogService } from './access-log.service';
import { AnomaliesService } from './anomalies.service';
import { ConsoleController } from './console.controller';

/** Review of the record of operations by managers and the dpo: API and web console. */
@Module({
  imports: [AuthModule],
  controllers: [AccessLogController, ConsoleController],
  providers: [AccessLogService, AnomaliesService],
  exports: [AccessLogService, AnomaliesService],
})
export class AccessLogModule {}
