import { clientsSeed } from './clients.seed';
import { companiesSeed } from './companies.seed';
import { instalmentsSeed } from './instalments.seed';
import { mandatesSeed } from './mandates.seed';
import { offersSeed } from './offers.seed';
import { portfoliosSeed } from './portfolios.seed';
import { serviceSeed } from './service.seed';
import { SeedStep } from './seed-context';
import { staffSeed } from './staff.seed';

/** Demo seed steps, in order; each module adds its own step here. */
export const SEED_STEPS: SeedStep[] = [
  staffSeed,
  clientsSeed,
  portfoliosSeed,
  companiesSeed,
  offersSeed,
  instalmentsSeed,
  mandatesSeed,
  serviceSeed,
];
