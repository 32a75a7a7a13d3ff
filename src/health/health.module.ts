import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MandatesModule } from '../mandates';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, MandatesModule], controllers: [HealthController] })
export class HealthModule {}
