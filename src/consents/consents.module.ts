import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentEntity } from './consent.entity';
import { ConsentsService } from './consents.service';

/** Consents: grants, withdrawals and their history. Routes live under /api/clients (clients module). */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentEntity])],
  providers: [ConsentsService],
  exports: [ConsentsService],
})
export class ConsentsModule {}
