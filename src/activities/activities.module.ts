import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { ActivityRepository } from './activity.repository';

/** The client's timeline: calls, meetings and notes, each under its purpose. */
@Module({
  imports: [ClientsModule, ConsentsModule],
  controllers: [ActivitiesController],
  providers: [ActivityRepository, ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
