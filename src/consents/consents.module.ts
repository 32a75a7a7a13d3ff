import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentEntity } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentsService } from './consents.service';

/** Consents: grants, withdrawals and their history. Routes live under /api/clients (clients module). */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentEntity])],
  providers: [ConsentRepository, ConsentsService],
  exports: [ConsentsService],
})
export class ConsentsModule {}
