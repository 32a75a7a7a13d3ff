export { PortfoliosModule } from './portfolios.module';
export { PortfolioAccess } from './portfolio-access.service';
export { TeamsService } from './teams.service';
export { ClientPortfolioService } from './client-portfolio.service';
