import { Module } from '@nestjs/common';
import { InsurerRepository } from './insurer.repository';
import { InsurersController } from './insurers.controller';
import { InsurersService } from './insurers.service';

@Module({
  controllers: [InsurersController],
  providers: [InsurerRepository, InsurersService],
  exports: [InsurersService],
})
export class InsurersModule {}
