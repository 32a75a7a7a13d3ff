import { RequestContext } from '@app/common/context/request-context';
import { makeNip } from '@app/common/validation/nip';
import { makeRegon } from '@app/common/validation/regon';
import { PrivacyScope } from '@app/privacy';
import { StaffService } from '../../auth';
import { ClientsService, HouseholdsService, RepresentativesService } from '../../clients';
import { TeamsService } from '../../portfolios';
import { SeedStep } from './seed-context';

/** Demo companies (name, NIP and REGON numbers, KRS) and the roles of their representatives. */
const COMPANIES: Array<{ name: string; nip: number; regon: number; krs?: string; roles: string[] }> = [
  {
    name: 'Piekarnia Podlaska sp. z o.o.',
    nip: 542_100_000,
    regon: 20_010_000,
    krs: '0000412345',
    roles: ['prezes zarządu', 'pełnomocnik'],
  },
  {
    name: 'Transport Narew S.A.',
    nip: 542_200_000,
    regon: 20_020_000,
    krs: '0000523456',
    roles: ['członek zarządu'],
  },
  { name: 'Biuro Rachunkowe Lipowa s.c.', nip: 542_300_000, regon: 20_030_000, roles: ['wspólnik'] },
];
const HOUSEHOLD_SIZES = [3, 2];

/**
 * A few companies with representatives, and two households, in the demo broker's portfolio
 * (Białystok), made through the services as the broker under offer preparation (so each step is
 * checked and recorded). Representatives and members are demo persons of that portfolio. Skipped
 * when the first company is already there.
 */
export const companiesSeed: SeedStep = {
  name: 'companies',
  async run({ app, log }) {
    const clients = app.get(ClientsService);
    if (await clients.companyByNipWithoutPurpose(makeNip(COMPANIES[0].nip))) {
      log('companies: demo companies already present');
      return;
    }
    const broker = await app.get(StaffService).findByEmail('broker@demo.local');
    if (!broker) throw new Error('companies seed needs the demo staff');
    const team = await app.get(TeamsService).ensureTeam('Białystok', [broker.id]);
    const scope = PrivacyScope.forStaff(broker.id, 'broker', 'offer_preparation', {
      teams: [team],
      breakGlass: new Map(),
    });
    await RequestContext.run(RequestContext.system('seed-companies'), async () => {
      const persons = (await clients.list(scope, { limit: 60, sort: 'lastName' })).items
        .filter((c) => c.kind === 'person' && c.status === 'active')
        .map((c) => c.id);
      const needed =
        COMPANIES.reduce((n, c) => n + c.roles.length, 0) + HOUSEHOLD_SIZES.reduce((a, b) => a + b);
      if (persons.length < needed) {
        log('companies: too few demo persons in the Białystok portfolio; run the clients step first');
        return;
      }
      const representatives = app.get(RepresentativesService);
      for (const company of COMPANIES) {
        const created = await clients.create(scope, {
          kind: 'company',
          companyName: company.name,
          nip: makeNip(company.nip),
          regon: makeRegon(company.regon),
          krs: company.krs,
          email: `biuro@${company.name.split(' ')[0].toLowerCase()}.example`,
          address: { street: 'ul. Lipowa 10', postalCode: '15-424', city: 'Białystok', country: 'PL' },
        });
        for (const role of company.roles) {
          await representatives.add(scope, created.id, { personId: persons.shift()!, role });
        }
      }
      const households = app.get(HouseholdsService);
      for (const [i, size] of HOUSEHOLD_SIZES.entries()) {
        await households.create(scope, {
          name: i === 0 ? 'Rodzina z Lipowej' : 'Rodzina z Sienkiewicza',
          memberIds: persons.splice(0, size),
        });
      }
      log(
        `companies: ${COMPANIES.length} companies with representatives, ${HOUSEHOLD_SIZES.length} households`,
      );
    });
  },
};
