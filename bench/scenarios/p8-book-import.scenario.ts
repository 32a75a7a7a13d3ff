import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { PrivacyScope } from '@app/privacy';
import { StaffService } from '../../src/auth';
import { BookImportRunner, BookImportsService } from '../../src/imports';
import { InsurersService } from '../../src/insurers';
import { TeamsService } from '../../src/portfolios';
import { Measurement, Scenario, alternate, summarise } from '../scenario';
import { createBenchDatabase } from '../support/bench-db';
import { deleteRedisPrefix } from '../support/redis-keys';
import { startWorkerContext } from '../support/worker-context';

const ROWS = 10_000;
const GOAL_SECONDS = 30;
const INSURER_NIP = makeNip(526_000_300);

interface GeneratedRow {
  firstName: string;
  lastName: string;
  pesel: string;
  email: string;
  phone: string;
  policyNumber: string;
  startDate: string;
  endDate: string;
  premium: number;
}

/** A valid book: one person and one policy per row, every PESEL and policy number distinct. */
function generateRows(n: number): GeneratedRow[] {
  const day0 = Date.UTC(1950, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const birth = new Date(day0 + (i % 18_000) * 86_400_000).toISOString().slice(0, 10);
    return {
      firstName: 'Anna',
      lastName: `Importowa${i}`,
      pesel: makePesel(birth, Math.floor(i / 18_000) * 10 + 1),
      email: `import${i}@example.pl`,
      phone: `60${String(1_000_000 + i).slice(-7)}`,
      policyNumber: `BENCH/${i}`,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      premium: 50_000 + (i % 1000) * 100 + 56,
    };
  });
}

function csvOf(rows: GeneratedRow[]): Buffer {
  const header =
    'kind;firstName;lastName;pesel;email;phone;street;postalCode;city;insurerNip;policyNumber;lineOfBusiness;productName;startDate;endDate;premium';
  const lines = rows.map(
    (r) =>
      `person;${r.firstName};${r.lastName};${r.pesel};${r.email};${r.phone};ul. Polna 1;15-001;Białystok;${INSURER_NIP};` +
      `${r.policyNumber};motor;OC Auto;${r.startDate};${r.endDate};${Math.floor(r.premium / 100)},${String(r.premium % 100).padStart(2, '0')}`,
  );
  return Buffer.from(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`, 'utf8');
}

/**
 * P8: a book of 10,000 rows (a person and a policy each) imported as one job, from the request
 * accepting the file to the job's end (parse, check every row, resolve insurers, PESELs and
 * policies, store all in one transaction with an entry per client and per contract in the record
 * of operations) against the same rows written by two plain multi-row INSERTs through pg (no
 * checks, no encryption, no record). Goal: the import within 30 s.
 */
export const p8BookImport: Scenario = {
  id: 'P8',
  title: 'book import of 10,000 rows as one job vs plain multi-row INSERTs of the same rows',
  async run({ quick, serverUrl, redisUrl, log }) {
    const rounds = quick ? 1 : 3;
    const db = await createBenchDatabase(serverUrl, 'p8');
    const prefix = `consentry-bench-p8-${process.pid}`;
    const owner = new DataSource({ type: 'postgres', url: db.url });
    await owner.initialize();
    let app: INestApplicationContext | null = null;
    try {
      ({ app } = await startWorkerContext({ databaseUrl: db.url, redisUrl, redisPrefix: prefix }));
      const staff = await app.get(StaffService).upsert({
        email: 'bench.broker@demo.local',
        fullName: 'Bench Broker',
        role: 'broker',
        password: 'bench-password-123',
      });
      const teamId = await app.get(TeamsService).ensureTeam('Bench', [staff.id]);
      const insurer = await app
        .get(InsurersService)
        .create({ name: 'Bench TU', nip: INSURER_NIP, dsrContactEmail: 'iod@bench.example' });
      const scope = PrivacyScope.forStaff(staff.id, 'broker', 'contract_performance', {
        teams: [teamId],
        breakGlass: new Map(),
      });
      const rows = generateRows(ROWS);
      const content = csvOf(rows).toString('base64');
      const imports = app.get(BookImportsService);
      const runner = app.get(BookImportRunner);
      const importSeconds: number[] = [];
      const insertSeconds: number[] = [];
      const reset = () => owner.query(`TRUNCATE contract, client CASCADE`);

      const subject = async (): Promise<Measurement> => {
        await reset();
        const t0 = process.hrtime.bigint();
        const { id } = await imports.submit(scope, { kind: 'book', format: 'csv', content, dryRun: false });
        const status = await runner.run(id);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const view = await imports.view(scope, id);
        if (status !== 'done' || view.contractsCreated !== ROWS || view.clientsCreated !== ROWS)
          throw new Error(`import ${status}: ${JSON.stringify(view).slice(0, 500)}`);
        importSeconds.push(seconds);
        log(`import job: ${ROWS} rows in ${seconds.toFixed(2)} s`);
        return { opsPerSecond: ROWS / seconds };
      };
      const baseline = async (): Promise<Measurement> => {
        await reset();
        const t0 = process.hrtime.bigint();
        await owner.transaction(async (manager) => {
          const clients: Array<{ id: string }> = await manager.query(
            `INSERT INTO client (first_name, last_name, email, phone, pesel_index, source, team_id)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[])
             RETURNING id`,
            [
              rows.map((r) => r.firstName),
              rows.map((r) => r.lastName),
              rows.map((r) => r.email),
              rows.map((r) => r.phone),
              rows.map((r) => r.pesel),
              rows.map(() => 'bench'),
              rows.map(() => teamId),
            ],
          );
          await manager.query(
            `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date,
                                   premium, commission_rate_bp, commission, sum_insured, deductible, source)
             SELECT c, $2, 'motor', p, 'OC Auto', $3::date, $4::date, g, 0, 0, 0, 0, 'transferred'
               FROM unnest($1::uuid[], $5::text[], $6::bigint[]) AS r(c, p, g)`,
            [
              clients.map((c) => c.id),
              insurer.id,
              '2026-01-01',
              '2026-12-31',
              rows.map((r) => r.policyNumber),
              rows.map((r) => r.premium),
            ],
          );
        });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        insertSeconds.push(seconds);
        log(`plain INSERTs: ${ROWS} rows in ${seconds.toFixed(2)} s`);
        return { opsPerSecond: ROWS / seconds };
      };

      const measured = await alternate(rounds, baseline, subject);
      const worst = Math.max(...importSeconds);
      const result = summarise(
        'P8',
        `book import of ${ROWS.toLocaleString('en')} rows as one job vs plain multi-row INSERTs of the same rows`,
        'rows/s',
        {
          baseline: 'plain multi-row INSERTs (clients, then contracts) in one transaction',
          subject: 'import job (parse + check + resolve + store + record)',
        },
        measured,
        { description: `${ROWS.toLocaleString('en')} rows imported in <= ${GOAL_SECONDS} s` },
        {
          rows: ROWS,
          importSeconds: importSeconds.map((s) => Math.round(s * 100) / 100),
          plainInsertSeconds: insertSeconds.map((s) => Math.round(s * 100) / 100),
          worstImportSeconds: Math.round(worst * 100) / 100,
        },
      );
      return { ...result, met: worst <= GOAL_SECONDS };
    } finally {
      await app?.close();
      await owner.destroy();
      await db.drop();
      await deleteRedisPrefix(redisUrl, prefix);
    }
  },
};
