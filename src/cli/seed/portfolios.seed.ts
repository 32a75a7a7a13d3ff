import { StaffService } from '../../auth';
import { ClientsService } from '../../clients';
import { TeamsService } from '../../portfolios';
import { DEMO_STAFF } from './demo-staff';
import { SeedStep } from './seed-context';

/** The second demo broker, in Warszawa (same demo password as every demo account). */
export const DEMO_SECOND_BROKER = {
  email: 'broker2@demo.local',
  fullName: 'Wanda Warszawska',
  role: 'broker',
} as const;

/**
 * Two teams: Białystok (the demo broker and the office's other accounts) and Warszawa (the second
 * demo broker); the demo clients are spread over both portfolios, so a broker sees only their half.
 * Idempotent: teams are found by name, and only clients without a team are placed.
 */
export const portfoliosSeed: SeedStep = {
  name: 'portfolios',
  async run({ app, config, log }) {
    const staff = app.get(StaffService);
    const teams = app.get(TeamsService);
    const second = await staff.upsert({ ...DEMO_SECOND_BROKER, password: config.DEMO_PASSWORD });
    const office = await Promise.all(
      DEMO_STAFF.map(
        async (account) => (await staff.upsert({ ...account, password: config.DEMO_PASSWORD })).id,
      ),
    );
    const bialystok = await teams.ensureTeam('Białystok', office);
    const warszawa = await teams.ensureTeam('Warszawa', [second.id]);
    await app.get(ClientsService).placeSeededInTeams('demo_seed', [bialystok, warszawa]);
    log('portfolios: teams Białystok and Warszawa ready, demo clients placed in both');
  },
};
