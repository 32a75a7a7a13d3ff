import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { RetentionModule } from '../retention';
import { ClaimRepository } from './claim.repository';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

/** Claims on contracts, under the purpose `claims`. */
@Module({
  imports: [ClientsModule, ContractsModule, RetentionModule],
  controllers: [ClaimsController],
  providers: [ClaimRepository, ClaimsService],
  exports: [ClaimsService],
})
export class ClaimsModule {}
