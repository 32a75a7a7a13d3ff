import { BrokerClock } from '@app/common/clock/broker-clock';
import { ClientsService } from '../../clients';
import { ContractsService, ContractSummary } from '../../contracts';
import { InstalmentsService, planSchedule } from '../../instalments';
import { SeedStep } from './seed-context';

/** Schedules of the demo contracts: yearly, half-yearly, quarterly and monthly. */
const COUNTS = [4, 12, 2, 4, 1, 12, 4, 2] as const;
/** Of these (by position), the latest instalment already due is left unpaid: the overdue list's rows. */
const OVERDUE = new Set([0, 5]);

/**
 * Payment schedules for a few active demo contracts, with every instalment due so far paid on its
 * day, except on two contracts whose latest due instalment is overdue (and reminded by the daily
 * scan once the worker runs). Skipped when the demo contracts already have schedules.
 */
export const instalmentsSeed: SeedStep = {
  name: 'instalments',
  async run({ app, db, log }) {
    const clients = app.get(ClientsService);
    const contracts = app.get(ContractsService);
    const instalments = app.get(InstalmentsService);
    const today = app.get(BrokerClock).today();
    await db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('consentry:seed:instalments'))`);
      const chosen: ContractSummary[] = [];
      for (const clientId of await clients.seededIdsWithoutPurpose('demo_seed', 80, m)) {
        for (const k of await contracts.forClientWithoutPurpose(clientId, m))
          // Started at least a month ago, so some instalments are already due.
          if (k.status === 'active' && k.startDate < today && chosen.length < COUNTS.length) chosen.push(k);
      }
      if (chosen.length === 0) {
        log('instalments: no active demo contracts; run the offers step first');
        return;
      }
      const existing = await instalments.countSeeded(
        chosen.map((k) => k.id),
        m,
      );
      if (existing > 0) {
        log(`instalments: ${existing} demo instalments already present`);
        return;
      }
      let overdue = 0;
      for (const [i, k] of chosen.entries()) {
        const count = COUNTS[i];
        const due = planSchedule(k.premium.amount, count, k.startDate)
          .filter((p) => p.dueDate < today)
          .map((p) => p.number);
        const paid = OVERDUE.has(i) && due.length > 0 ? due.slice(0, -1) : due;
        overdue += due.length - paid.length;
        await instalments.insertSeed(
          {
            contractId: k.id,
            clientId: k.clientId,
            premium: k.premium.amount,
            startDate: k.startDate,
            count,
            paidNumbers: paid,
          },
          m,
        );
      }
      log(`instalments: schedules for ${chosen.length} contracts, ${overdue} instalment(s) overdue`);
    });
  },
};
