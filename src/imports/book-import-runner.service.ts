import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyScope } from '@app/privacy';
import { ClientBookImport, ClientHoldingPesel, ImportedCompany, ImportedPerson } from '../clients';
import { ContractBookImport, ImportedContract, policyKey } from '../contracts';
import { InsurersService } from '../insurers';
import { ImportError } from './book-columns';
import { readBookFile } from './book-file';
import { BookImportRepository, BookImportRow, ImportOutcome } from './book-import.repository';
import { BookRow, clientKey, validateBookRows } from './book-rows';

/** Errors kept with a job; the count says how many there were in all. */
const KEPT_ERRORS = 1_000;
/** Rows stored between two progress reports. */
const PROGRESS_EVERY = 2_000;

/**
 * What storing a file's rows would do: the new persons and companies, the new policies and the
 * rows that bring something new. Clients are named by `clientKey` (a person's PESEL, a company's NIP).
 */
interface Plan {
  people: ImportedPerson[];
  companies: ImportedCompany[];
  /** Policies whose policyholder is the client `holder` names (a new or an existing client). */
  policies: Array<Omit<ImportedContract, 'clientId'> & { holder: string }>;
  /** Clients already registered, by key. */
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
      const clients = plan.people.length + plan.companies.length;
      for (let i = 0; i < plan.people.length; i += PROGRESS_EVERY) {
        const ids = await this.clients.createPersons(
          scope,
          plan.people.slice(i, i + PROGRESS_EVERY),
          job.teamId!,
          manager,
        );
        for (const [pesel, id] of ids) created.set(`person:${pesel}`, id);
        await this.imports.progress(job.id, 'storing', total, Math.min(i + PROGRESS_EVERY, clients));
      }
      for (let i = 0; i < plan.companies.length; i += PROGRESS_EVERY) {
        const ids = await this.clients.createCompanies(
          scope,
          plan.companies.slice(i, i + PROGRESS_EVERY),
          job.teamId!,
          manager,
        );
        for (const [nip, id] of ids) created.set(`company:${nip}`, id);
        await this.imports.progress(
          job.id,
          'storing',
          total,
          Math.min(plan.people.length + i + PROGRESS_EVERY, clients),
        );
      }
      const policies = plan.policies.map(({ holder, ...policy }) => ({
        ...policy,
        clientId: created.get(holder)!,
      }));
      let contracts = 0;
      for (let i = 0; i < policies.length; i += PROGRESS_EVERY) {
        contracts += await this.contracts.register(scope, policies.slice(i, i + PROGRESS_EVERY), manager);
        await this.imports.progress(job.id, 'storing', total, Math.min(i + PROGRESS_EVERY, policies.length));
      }
      return done(total, plan.storing, clients, contracts);
    });
  }

  /**
   * Resolves the valid rows against what is stored: the insurers by NIP, persons by PESEL, companies
   * by NIP, the policies by insurer and number. A client already registered in the actor's
   * portfolio is linked, never changed; a policy already registered for the same client is left as
   * it is; any other clash is an error of its row.
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
    const companyNips = rows.flatMap((r) => (r.client.kind === 'company' ? [r.client.nip] : []));
    const companies = await this.clients.holdersByNip([...new Set(companyNips)], manager);
    const keys = rows.flatMap((r) =>
      r.policy && insurers.has(r.policy.insurerNip)
        ? [{ insurerId: insurers.get(r.policy.insurerNip)!, policyNumber: r.policy.policyNumber }]
        : [],
    );
    const registered = await this.contracts.registered(keys, manager);
    const plan: Plan = { people: [], companies: [], policies: [], existing: new Map(), storing: 0 };
    const planned = new Set<string>();
    const mine = (h: ClientHoldingPesel) => !!h.teamId && job.portfolioTeams.includes(h.teamId);
    for (const { row, client, policy } of rows) {
      const key = clientKey(client);
      let holder: ClientHoldingPesel | undefined;
      let outside: boolean;
      if (client.kind === 'person') {
        holder = holders.get(client.pesel);
        outside = !!holder && !mine(holder);
      } else {
        // Two records may carry one NIP; the import links to the oldest the actor's portfolio holds.
        const found = companies.get(client.nip) ?? [];
        holder = found.find(mine);
        outside = !holder && found.length > 0;
      }
      if (outside) {
        errors.push({
          row,
          column: client.kind === 'person' ? 'pesel' : 'nip',
          code: 'CLIENT_OUTSIDE_PORTFOLIO',
          message:
            client.kind === 'person'
              ? 'Klient o tym numerze PESEL jest w portfelu innego zespołu'
              : 'Firma o tym numerze NIP jest w portfelu innego zespołu',
        });
        continue;
      }
      let newClient = false;
      if (holder) plan.existing.set(key, holder.id);
      else if (!planned.has(key)) {
        planned.add(key);
        newClient = true;
        if (client.kind === 'person') {
          const { kind: _kind, ...person } = client;
          plan.people.push(person);
        } else {
          const { kind: _kind, ...company } = client;
          plan.companies.push(company);
        }
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
          plan.policies.push({ ...terms, insurerId, holder: key });
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
