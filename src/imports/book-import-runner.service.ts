import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyScope } from '@app/privacy';
import { ClientBookImport, ImportedPerson } from '../clients';
import { ContractBookImport, ImportedContract, policyKey } from '../contracts';
import { InsurersService } from '../insurers';
import { ImportError } from './book-columns';
import { readBookFile } from './book-file';
import { BookImportRepository, BookImportRow, ImportOutcome } from './book-import.repository';
import { BookRow, validateBookRows } from './book-rows';

/** Errors kept with a job; the count says how many there were in all. */
const KEPT_ERRORS = 1_000;
/** Rows stored between two progress reports. */
const PROGRESS_EVERY = 2_000;

/** What storing a file's rows would do: the new persons, the new policies and the rows that bring something new. */
interface Plan {
  people: ImportedPerson[];
  /** Policies whose policyholder is `pesel` (a new or an existing client). */
  policies: Array<Omit<ImportedContract, 'clientId'> & { pesel: string }>;
  existing: Map<string, string>;
  storing: number;
}

/**
 * Runs one book import in the worker: reads and checks the file, then (unless a dry run) stores
 * every row in one transaction or none of them. Whatever happens, the job ends with the file dropped.
 */
@Injectable()
export class BookImportRunner {
  private readonly logger = new Logger(BookImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: BookImportRepository,
    private readonly clients: ClientBookImport,
    private readonly contracts: ContractBookImport,
    private readonly insurers: InsurersService,
  ) {}

  async run(importId: string): Promise<ImportOutcome['status'] | 'already_finished'> {
    const started = await this.imports.start(importId);
    if (!started) return 'already_finished';
    const { job, content } = started;
    let outcome: ImportOutcome;
    try {
      outcome = await this.process(job, content);
    } catch (error) {
      this.logger.error(`Import ${importId} failed: ${(error as Error).name} ${(error as Error).message}`);
      outcome = {
        status: 'failed',
        rows: job.rows,
        stored: 0,
        clientsCreated: 0,
        contractsCreated: 0,
        errors: [
          {
            row: 1,
            column: null,
            code: 'IMPORT_FAILED',
            message: 'Import przerwany błędem; nic nie zapisano',
          },
        ],
        errorCount: 1,
      };
    }
    await this.imports.finish(importId, outcome);
    return outcome.status;
  }

  private async process(job: BookImportRow, content: Buffer): Promise<ImportOutcome> {
    const file = await readBookFile(job.format, content);
    if (Array.isArray(file)) return rejected(0, file);
    const total = file.rows.length;
    await this.imports.progress(job.id, 'validating', total, 0);
    const { rows, errors } = validateBookRows(file);
    await this.imports.progress(job.id, 'validating', total, total);
    const scope = PrivacyScope.forStaff(job.createdBy, job.role, job.purpose, {
      teams: job.portfolioTeams,
      breakGlass: new Map(),
    });
    if (job.dryRun || errors.length > 0) {
      const planned = await this.plan(job, rows, this.dataSource.manager);
      const all = [...errors, ...planned.errors];
      return all.length > 0 ? rejected(total, all) : done(total, 0, 0, 0);
    }
    return this.dataSource.transaction(async (manager) => {
      // One import stores at a time, so two runs of one file cannot both find a policy missing.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('book-import', 0))`);
      const planned = await this.plan(job, rows, manager);
      if (planned.errors.length > 0) return rejected(total, planned.errors);
      const { plan } = planned;
      await this.imports.progress(job.id, 'storing', total, 0);
      const created = new Map(plan.existing);
      for (let i = 0; i < plan.people.length; i += PROGRESS_EVERY) {
        const ids = await this.clients.createPersons(
          scope,
          plan.people.slice(i, i + PROGRESS_EVERY),
          job.teamId!,
          manager,
        );
        for (const [pesel, id] of ids) created.set(pesel, id);
        await this.imports.progress(
          job.id,
          'storing',
          total,
          Math.min(i + PROGRESS_EVERY, plan.people.length),
        );
      }
      const policies = plan.policies.map(({ pesel, ...policy }) => ({
        ...policy,
        clientId: created.get(pesel)!,
      }));
      let contracts = 0;
      for (let i = 0; i < policies.length; i += PROGRESS_EVERY) {
        contracts += await this.contracts.register(scope, policies.slice(i, i + PROGRESS_EVERY), manager);
        await this.imports.progress(job.id, 'storing', total, Math.min(i + PROGRESS_EVERY, policies.length));
      }
      return done(total, plan.storing, plan.people.length, contracts);
    });
  }

  /**
   * Resolves the valid rows against what is stored: the insurers by NIP, the clients by PESEL, the
   * policies by insurer and number. A client already registered is linked, never changed; a policy
   * already registered for the same client is left as it is; any other clash is an error of its row.
   */
  private async plan(
    job: BookImportRow,
    rows: BookRow[],
    manager: EntityManager,
  ): Promise<{ plan: Plan; errors: ImportError[] }> {
    const errors: ImportError[] = [];
    const nips = [...new Set(rows.flatMap((r) => (r.policy ? [r.policy.insurerNip] : [])))];
    const insurers = await this.insurers.idsByNip(nips, manager);
    const persons = rows.flatMap((r) => (r.client.kind === 'person' ? [r.client.pesel] : []));
    const holders = await this.clients.holdersByPesel([...new Set(persons)], manager);
    const keys = rows.flatMap((r) =>
      r.policy && insurers.has(r.policy.insurerNip)
        ? [{ insurerId: insurers.get(r.policy.insurerNip)!, policyNumber: r.policy.policyNumber }]
        : [],
    );
    const registered = await this.contracts.registered(keys, manager);
    const plan: Plan = { people: [], policies: [], existing: new Map(), storing: 0 };
    const planned = new Set<string>();
    for (const { row, client, policy } of rows) {
      if (client.kind === 'company') {
        errors.push({
          row,
          column: 'kind',
          code: 'COMPANY_NOT_SUPPORTED',
          message:
            'Firmy nie są jeszcze przyjmowane z pliku (zarejestruj firmę w kartotece klientów); wiersz jest poprawny, ale nie zostanie zapisany',
        });
        continue;
      }
      const holder = holders.get(client.pesel);
      if (holder && !(holder.teamId && job.portfolioTeams.includes(holder.teamId))) {
        errors.push({
          row,
          column: 'pesel',
          code: 'CLIENT_OUTSIDE_PORTFOLIO',
          message: 'Klient o tym numerze PESEL jest w portfelu innego zespołu',
        });
        continue;
      }
      let newClient = false;
      if (holder) plan.existing.set(client.pesel, holder.id);
      else if (!planned.has(client.pesel)) {
        planned.add(client.pesel);
        newClient = true;
        const { kind: _kind, ...person } = client;
        plan.people.push(person);
      }
      let newPolicy = false;
      if (policy) {
        const insurerId = insurers.get(policy.insurerNip);
        if (!insurerId) {
          errors.push({
            row,
            column: 'insurerNip',
            code: 'UNKNOWN_INSURER',
            message: 'Brak ubezpieczyciela o tym NIP w systemie',
          });
          continue;
        }
        const stored = registered.get(policyKey(insurerId, policy.policyNumber));
        if (stored && stored.clientId !== holder?.id) {
          errors.push({
            row,
            column: 'policyNumber',
            code: 'POLICY_OF_ANOTHER_CLIENT',
            message: 'Polisa o tym numerze u tego ubezpieczyciela należy do innego klienta',
          });
          continue;
        }
        if (!stored) {
          newPolicy = true;
          const { insurerNip: _nip, ...terms } = policy;
          plan.policies.push({ ...terms, insurerId, pesel: client.pesel });
        }
      }
      if (newClient || newPolicy) plan.storing += 1;
    }
    return { plan, errors };
  }
}

function rejected(rows: number, errors: ImportError[]): ImportOutcome {
  const sorted = [...errors].sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  return {
    status: 'rejected',
    rows,
    stored: 0,
    clientsCreated: 0,
    contractsCreated: 0,
    errors: sorted.slice(0, KEPT_ERRORS),
    errorCount: sorted.length,
  };
}

function done(rows: number, stored: number, clientsCreated: number, contractsCreated: number): ImportOutcome {
  return { status: 'done', rows, stored, clientsCreated, contractsCreated, errors: [], errorCount: 0 };
}
