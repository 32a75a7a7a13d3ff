import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentsModule } from '../consents';
import { ClientEntity } from './client.entity';
import { ClientConsentsService } from './client-consents.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity]), ConsentsModule],
  controllers: [ClientsController],
  providers: [ClientsService, ClientConsentsService],
  exports: [ClientsService],
})
export class ClientsModule {}
