import { Global, Module } from '@nestjs/common';
import { PORTFOLIO_SOURCE } from '@app/privacy';
import { ClientsModule } from '../clients';
import { BreakGlassRepository } from './break-glass.repository';
import { ClientPortfolioService } from './client-portfolio.service';
import { ClientTransferRepository } from './client-transfer.repository';
import { PortfolioAccess } from './portfolio-access.service';
import { ClientPortfolioController, TeamsController } from './portfolios.controller';
import { TeamRepository } from './team.repository';
import { TeamsService } from './teams.service';

/**
 * Teams, the portfolios of clients they hold, transfers between them and break-glass access.
 * Global for one thing: the guard takes each request's portfolio from PORTFOLIO_SOURCE.
 */
@Global()
@Module({
  imports: [ClientsModule],
  controllers: [TeamsController, ClientPortfolioController],
  providers: [
    TeamRepository,
    BreakGlassRepository,
    ClientTransferRepository,
    PortfolioAccess,
    TeamsService,
    ClientPortfolioService,
    { provide: PORTFOLIO_SOURCE, useExisting: PortfolioAccess },
  ],
  exports: [PORTFOLIO_SOURCE, PortfolioAccess, TeamsService, ClientPortfolioService],
})
export class PortfoliosModule {}
