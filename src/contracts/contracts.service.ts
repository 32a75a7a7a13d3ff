import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { toPositional } from '@app/common/database/sql';
import { Page, decodeCursor, encodeCursor, newestFirstAfter, pageSize } from '@app/common/http/pagination';
import {
  AppAbility,
  AuditAction,
  ClientSubjectFacts,
  LineOfBusiness,
  assertFilterable,
  assertWritable,
  permittedFields,
  personalFieldsOf,
} from '@app/privacy';
import { ClientsService } from '../clients';
import {
  ClientRecordsAccess,
  Money,
  OfferRequestConcludedError,
  OfferRequestView,
  OffersService,
  RenewalAlreadyStartedError,
  ScopedActor,
  pick,
  toMoney,
} from '../offers';
import { ContractStatus, contractStatusConditionSql, contractStatusSql } from './contract-status';
import {
  CancelContractDto,
  ConcludeContractDto,
  ListContractsQueryDto,
  RenewalsQueryDto,
  StartRenewalDto,
} from './contract.dto';
import {
  ContractAlreadyCancelledError,
  ContractCancelledError,
  ContractEndedError,
  EndNotAfterStartError,
  ErasureRefusedNoNewOfferError,
  PolicyNumberTakenError,
  QuoteDeclinedError,
  QuoteExpiredError,
  QuoteNotOfRequestError,
} from './contracts.errors';

interface ContractRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  insurerId: string;
  insurerName: string;
  offerRequestId: string | null;
  quoteId: string | null;
  renewalOfferRequestId: string | null;
  lineOfBusiness: LineOfBusiness;
  status: ContractStatus;
  createdAt: string;
  policyNumber: string;
  startDate: string;
  endDate: string;
  productName: string;
  coverages: Array<{ code: string; limit: number }>;
  sumInsured: string;
  deductible: string;
  currency: string;
  cancelledAt: string | null;
  cancellationReason: string | null;
  recommendation: string | null;
  premium: string;
  commissionRateBp: number;
  commission: string;
  sortKey?: string;
  daysLeft?: number;
  firstName?: string | null;
  lastName?: string | null;
}

export type ContractView = Record<string, unknown> & { id: string };

/** A contract as other modules see it; callers answer for the purpose under which they use it. */
export interface ContractSummary {
  id: string;
  clientId: string;
  insurerId: string;
  insurerName: string;
  policyNumber: string;
  lineOfBusiness: LineOfBusiness;
  startDate: string;
  endDate: string;
  status: ContractStatus;
  premium: Money;
  commission: Money;
}

/** A contract due a reminder: active today, not cancelled, ending on the scanned day. */
export interface ContractEndingSoon {
  contractId: string;
  clientId: string;
  endDate: string;
  policyNumber: string;
  lineOfBusiness: LineOfBusiness;
  insurerName: string;
}

/** What retention needs to know about a client's contracts. */
export interface ContractRetentionFacts {
  /** The latest day any contract ended or will end (a cancellation ends it early); null without contracts. */
  latestEndDate: string | null;
  /** Some contract is not cancelled and has not ended yet (active or still to start). */
  anyActive: boolean;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const selectContractSql = (
  today: string,
) => `SELECT k.id, k.client_id AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused", k.insurer_id AS "insurerId", i.name AS "insurerName",
    k.offer_request_id AS "offerRequestId", k.quote_id AS "quoteId",
    (SELECT r.id FROM offer_request r WHERE r.renews_contract_id = k.id) AS "renewalOfferRequestId",
    k.line_of_business AS "lineOfBusiness", ${contractStatusSql('k', today)} AS status, ${TS('k.created_at')} AS "createdAt",
    k.policy_number AS "policyNumber", to_char(k.start_date, 'YYYY-MM-DD') AS "startDate",
    to_char(k.end_date, 'YYYY-MM-DD') AS "endDate", k.product_name AS "productName", k.coverages,
    k.sum_insured AS "sumInsured", k.deductible, k.currency, ${TS('k.cancelled_at')} AS "cancelledAt",
    k.cancellation_reason AS "cancellationReason", k.recommendation, k.premium, k.commission_rate_bp AS "commissionRateBp",
    k.commission
  FROM contract k JOIN client c ON c.id = k.client_id JOIN insurer i ON i.id = k.insurer_id`;

const summaryColumnsSql = (
  today: string,
) => `k.id, k.client_id AS "clientId", k.insurer_id AS "insurerId", i.name AS "insurerName",
    k.policy_number AS "policyNumber", k.line_of_business AS "lineOfBusiness",
    to_char(k.start_date, 'YYYY-MM-DD') AS "startDate", to_char(k.end_date, 'YYYY-MM-DD') AS "endDate",
    ${contractStatusSql('k', today)} AS status, k.premium, k.commission, k.currency`;

const CONTRACT_PERSONAL = new Set(personalFieldsOf('Contract'));
/** Written on conclusion: what the broker gives, and what is taken over from the chosen quote. */
const CONCLUDED_FIELDS = [
  'policyNumber',
  'startDate',
  'endDate',
  'recommendation',
  'productName',
  'coverages',
  'sumInsured',
  'deductible',
  'premium',
  'commissionRate',
  'commission',
];
const NAME_FIELDS = ['firstName', 'lastName'] as const;

/**
 * Concluded contracts: conclusion from a valid quote, lists and detail, cancellation, and the
 * renewals worklist. Projected, guarded and recorded through the registry like every client record.
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ClientRecordsAccess,
    private readonly offers: OffersService,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** SQL: the client under `clientAlias` has a contract in the line named by `lobParam` (one-statement audiences). */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return `EXISTS (SELECT 1 FROM contract ct WHERE ct.client_id = ${clientAlias}.id AND ct.line_of_business = ${lobParam})`;
  }

  async conclude(
    actor: ScopedActor,
    offerRequestId: string,
    input: ConcludeContractDto,
  ): Promise<ContractView> {
    const ability = this.access.ability(actor);
    const given = ['policyNumber', 'startDate', 'endDate', 'recommendation'];
    try {
      assertWritable(ability, 'create', 'Contract', null, given, actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'create',
        resource: 'contract',
        fields: given,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    const request = await this.offers.loadRequest(offerRequestId);
    const { fields } = await this.access.requireVisible(ability, request, {
      entity: 'Contract',
      alsoEntities: ['OfferRequest'],
      attempt: { action: 'create', resource: 'contract' },
      notFound: 'Offer request',
    });
    if (input.endDate <= input.startDate) throw new EndNotAfterStartError();
    return this.dataSource.transaction(async (manager) => {
      // The client row first: erasure locks it before the offer and contract rows.
      await this.clients.assertNotAnonymised(
        request!.clientId,
        { action: 'create', resource: 'contract', fields: CONCLUDED_FIELDS },
        manager,
      );
      const locked = await this.offers.loadRequest(offerRequestId, manager, true);
      if (!locked || locked.status !== 'open') throw new OfferRequestConcludedError();
      const quote = await this.offers.loadQuote(manager, offerRequestId, input.quoteId);
      if (!quote) throw new QuoteNotOfRequestError();
      if (quote.status === 'declined') throw new QuoteDeclinedError();
      if (quote.expired) throw new QuoteExpiredError();
      const taken = await manager.query(
        `SELECT 1 FROM contract WHERE insurer_id = $1 AND policy_number = $2`,
        [quote.insurerId, input.policyNumber],
      );
      if (taken.length > 0) throw new PolicyNumberTakenError();
      let id: string;
      try {
        const [row] = await manager.query(
          `INSERT INTO contract (client_id, insurer_id, offer_request_id, quote_id, line_of_business, policy_number, product_name,
                                 start_date, end_date, premium, commission_rate_bp, commission, sum_insured, deductible, currency,
                                 coverages, recommendation, concluded_by)
           SELECT r.client_id, q.insurer_id, r.id, q.id, r.line_of_business, $3, q.product_name, $4, $5, q.premium,
                  q.commission_rate_bp, round(q.premium * q.commission_rate_bp / 10000.0)::bigint, q.sum_insured, q.deductible,
                  q.currency, q.coverages, $6, $7
             FROM quote q JOIN offer_request r ON r.id = q.offer_request_id
            WHERE r.id = $1 AND q.id = $2
           RETURNING id`,
          [
            offerRequestId,
            quote.id,
            input.policyNumber,
            input.startDate,
            input.endDate,
            input.recommendation,
            actor.staffId,
          ],
        );
        id = row.id;
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'contract_policy_number_key')
          throw new PolicyNumberTakenError();
        throw error;
      }
      await this.offers.markConcluded(manager, offerRequestId);
      await this.clients.touch(locked.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'contract',
          resourceId: id,
          clientIds: [locked.clientId],
          fields: CONCLUDED_FIELDS,
          outcome: 'allowed',
        },
        manager,
      );
      const row = await this.loadRow(manager, id);
      return this.contractView(row!, fields).value;
    });
  }

  async get(actor: ScopedActor, id: string): Promise<ContractView> {
    const ability = this.access.ability(actor);
    const { row, fields } = await this.visibleContract(ability, id, 'read', 'contract');
    const view = this.contractView(row, fields);
    await this.audit.record({
      action: 'read',
      resource: 'contract',
      resourceId: id,
      clientIds: [row.clientId],
      fields: view.fields,
      outcome: 'allowed',
    });
    return view.value;
  }

  async list(actor: ScopedActor, query: ListContractsQueryDto): Promise<Page<ContractView>> {
    const ability = this.access.ability(actor);
    const filterFields = [
      ...(query.clientId ? ['clientId'] : []),
      ...(query.insurerId ? ['insurerId'] : []),
      ...(query.status ? ['status'] : []),
      ...(query.endingBefore ? ['endDate'] : []),
    ];
    await this.guardFilter(ability, filterFields, 'filter', actor);
    const visible = this.access.visibleSql(ability, 'Contract', 'c');
    const conditions = [visible.sql];
    const named: Record<string, unknown> = { ...visible.params };
    for (const field of new Set(filterFields)) {
      const fragment = this.access.visibleSql(ability, 'Contract', 'c', field);
      conditions.push(fragment.sql);
      Object.assign(named, fragment.params);
    }
    if (query.clientId) {
      named.fclient = query.clientId;
      conditions.push(`k.client_id = :fclient::uuid`);
    }
    if (query.insurerId) {
      named.finsurer = query.insurerId;
      conditions.push(`k.insurer_id = :finsurer::uuid`);
    }
    if (query.status) conditions.push(contractStatusConditionSql('k', query.status, this.clock.todaySql));
    if (query.endingBefore) {
      named.fend = query.endingBefore;
      conditions.push(`k.end_date <= :fend::date`);
    }
    const after = newestFirstAfter(query.cursor, 'k', named);
    if (after) conditions.push(after);
    const size = pageSize(query.limit);
    const sortKey = `to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const { sql, params } = toPositional(
      `${selectContractSql(this.clock.todaySql).replace(' FROM contract k', `, ${sortKey} AS "sortKey" FROM contract k`)}
       WHERE ${conditions.join(' AND ')} ORDER BY k.created_at DESC, k.id DESC LIMIT ${size + 1}`,
      named,
    );
    const rows: ContractRow[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const { items, fields, clientIds } = await this.projectPage(ability, page, filterFields);
    await this.audit.record({ action: 'list', resource: 'contract', clientIds, fields, outcome: 'allowed' });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey ?? null, last.id]) : null,
    };
  }

  /** Contracts ending between today and today + withinDays, oldest end date first, with client and insurer. */
  async renewals(actor: ScopedActor, query: RenewalsQueryDto): Promise<Page<ContractView>> {
    const ability = this.access.ability(actor);
    await this.guardFilter(ability, ['endDate'], 'sort', actor);
    const withinDays = query.withinDays ?? 30;
    const visible = this.access.visibleSql(ability, 'Contract', 'c', 'endDate');
    const conditions = [
      visible.sql,
      `k.cancelled_at IS NULL`,
      `k.end_date BETWEEN ${this.clock.todaySql} AND ${this.clock.todaySql} + :within::int`,
    ];
    const named: Record<string, unknown> = { ...visible.params, within: withinDays };
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(k.end_date, k.id) > (:ck::date, :cid::uuid)`);
    }
    const size = pageSize(query.limit);
    const { sql, params } = toPositional(
      `${selectContractSql(this.clock.todaySql).replace(
        ' FROM contract k',
        `, to_char(k.end_date, 'YYYY-MM-DD') AS "sortKey", (k.end_date - ${this.clock.todaySql}) AS "daysLeft",
           c.first_name AS "firstName", c.last_name AS "lastName" FROM contract k`,
      )}
       WHERE ${conditions.join(' AND ')} ORDER BY k.end_date ASC, k.id ASC LIMIT ${size + 1}`,
      named,
    );
    const rows: ContractRow[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const { items, fields, clientIds } = await this.projectPage(ability, page, ['endDate'], true);
    await this.audit.record({ action: 'list', resource: 'contract', clientIds, fields, outcome: 'allowed' });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey ?? null, last.id]) : null,
    };
  }

  async cancel(actor: ScopedActor, id: string, input: CancelContractDto): Promise<ContractView> {
    const ability = this.access.ability(actor);
    const written = ['cancelledAt', 'cancellationReason'];
    const { row, facts, fields } = await this.visibleContract(ability, id, 'update', 'contract', written);
    try {
      assertWritable(ability, 'update', 'Contract', { clientId: facts.id }, written, actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'update',
        resource: 'contract',
        resourceId: id,
        clientIds: [row.clientId],
        fields: written,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        row.clientId,
        { action: 'update', resource: 'contract', resourceId: id, fields: written },
        manager,
      );
      const [current] = await manager.query(
        `SELECT ${contractStatusSql('k', this.clock.todaySql)} AS status FROM contract k WHERE k.id = $1 FOR UPDATE`,
        [id],
      );
      if (current.status === 'cancelled') throw new ContractAlreadyCancelledError();
      if (current.status === 'ended') throw new ContractEndedError();
      await manager.query(
        `UPDATE contract SET cancelled_at = now(), cancellation_reason = $2, cancelled_by = $3 WHERE id = $1`,
        [id, input.reason, actor.staffId],
      );
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'contract',
          resourceId: id,
          clientIds: [row.clientId],
          fields: written,
          outcome: 'allowed',
        },
        manager,
      );
      return this.contractView((await this.loadRow(manager, id))!, fields).value;
    });
  }

  /** Opens the offer request that renews a contract (one per contract), with the needs carried over unless new ones are given. */
  async startRenewal(
    actor: ScopedActor,
    contractId: string,
    input: StartRenewalDto,
  ): Promise<OfferRequestView> {
    const ability = this.access.ability(actor);
    const { row } = await this.visibleContract(ability, contractId, 'create', 'offer_request');
    const needs = input.needs ?? (await this.carriedOverNeeds(row));
    const written = ['requiredCoverages', 'maxPremium', 'notes'].filter(
      (f) => (needs as Record<string, unknown>)[f] != null,
    );
    try {
      assertWritable(ability, 'create', 'OfferRequest', null, written, actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'create',
        resource: 'offer_request',
        clientIds: [row.clientId],
        fields: written,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    if (row.status === 'cancelled') throw new ContractCancelledError();
    if (row.erasureRefused) throw new ErasureRefusedNoNewOfferError();
    if (row.renewalOfferRequestId) throw new RenewalAlreadyStartedError(row.renewalOfferRequestId);
    this.offers.checkNeeds(row.lineOfBusiness, needs.requiredCoverages);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        row.clientId,
        { action: 'create', resource: 'offer_request', fields: written },
        manager,
      );
      const id = await this.offers.insertRequest(manager, {
        clientId: row.clientId,
        lineOfBusiness: row.lineOfBusiness,
        needs,
        renewsContractId: contractId,
        createdBy: actor.staffId,
      });
      await this.audit.record(
        {
          action: 'create',
          resource: 'offer_request',
          resourceId: id,
          clientIds: [row.clientId],
          fields: written,
          outcome: 'allowed',
        },
        manager,
      );
      return (await this.offers.viewRequest(ability, id, manager))!.value;
    });
  }

  // ---- For other modules (reminders, retention, data-subject requests); callers answer for the purpose. ----

  /** The client a contract belongs to, by primary key only; null when there is no such contract. */
  async clientIdOf(contractId: string, manager?: EntityManager): Promise<string | null> {
    const rows: Array<{ clientId: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT client_id::text AS "clientId" FROM contract WHERE id = $1`,
      [contractId],
    );
    return rows[0]?.clientId ?? null;
  }

  /** Contracts (not cancelled) whose end date lies between `from` and `to`, both included. */
  async endingBetween(from: string, to: string, manager?: EntityManager): Promise<ContractSummary[]> {
    const rows = await (manager ?? this.dataSource.manager).query(
      `SELECT ${summaryColumnsSql(this.clock.todaySql)} FROM contract k JOIN insurer i ON i.id = k.insurer_id
        WHERE k.cancelled_at IS NULL AND k.end_date BETWEEN $1::date AND $2::date ORDER BY k.end_date, k.id`,
      [from, to],
    );
    return rows.map(toSummary);
  }

  /** Every contract of a client, cancelled ones included, oldest start first. */
  async forClient(clientId: string, manager?: EntityManager): Promise<ContractSummary[]> {
    const rows = await (manager ?? this.dataSource.manager).query(
      `SELECT ${summaryColumnsSql(this.clock.todaySql)} FROM contract k JOIN insurer i ON i.id = k.insurer_id
        WHERE k.client_id = $1 ORDER BY k.start_date, k.id`,
      [clientId],
    );
    return rows.map(toSummary);
  }

  /** For reminder scans: contracts active today, not cancelled, ending exactly on `date`; keyset by id. */
  async activeEndingOn(
    date: string,
    limit: number,
    afterId?: string,
    manager?: EntityManager,
  ): Promise<ContractEndingSoon[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT k.id AS "contractId", k.client_id AS "clientId", to_char(k.end_date, 'YYYY-MM-DD') AS "endDate",
              k.policy_number AS "policyNumber", k.line_of_business AS "lineOfBusiness", i.name AS "insurerName"
         FROM contract k JOIN insurer i ON i.id = k.insurer_id
        WHERE k.cancelled_at IS NULL AND k.end_date = $1::date AND k.start_date <= ${this.clock.todaySql} AND k.end_date >= ${this.clock.todaySql}
          AND ($2::uuid IS NULL OR k.id > $2::uuid)
        ORDER BY k.id LIMIT $3`,
      [date, afterId ?? null, Math.max(1, Math.floor(limit))],
    );
  }

  /** Per client (every id asked for): the latest contract end and whether a contract still runs. */
  async retentionFacts(
    clientIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, ContractRetentionFacts>> {
    const result = new Map<string, ContractRetentionFacts>(
      clientIds.map((id) => [id, { latestEndDate: null, anyActive: false }]),
    );
    if (clientIds.length === 0) return result;
    const rows: Array<{ clientId: string; latestEndDate: string; anyActive: boolean }> = await (
      manager ?? this.dataSource.manager
    ).query(
      `SELECT k.client_id AS "clientId",
              to_char(max(CASE WHEN k.cancelled_at IS NULL THEN k.end_date
                               ELSE LEAST(k.end_date, GREATEST(k.start_date, (k.cancelled_at AT TIME ZONE 'UTC')::date)) END),
                      'YYYY-MM-DD') AS "latestEndDate",
              bool_or(k.cancelled_at IS NULL AND k.end_date >= ${this.clock.todaySql}) AS "anyActive"
         FROM contract k WHERE k.client_id = ANY($1::uuid[]) GROUP BY k.client_id`,
      [[...new Set(clientIds)]],
    );
    for (const row of rows)
      result.set(row.clientId, { latestEndDate: row.latestEndDate, anyActive: row.anyActive });
    return result;
  }

  // ---- internals ----

  private async visibleContract(
    ability: AppAbility,
    id: string,
    action: AuditAction,
    resource: AuditResource,
    fields: string[] = [],
  ): Promise<{ row: ContractRow; facts: ClientSubjectFacts; fields: string[] }> {
    return this.access.requireVisible(ability, await this.loadRow(this.dataSource.manager, id), {
      entity: 'Contract',
      attempt: { action, resource, resourceId: resource === 'contract' ? id : null, fields },
      notFound: 'Contract',
    });
  }

  private async guardFilter(
    ability: AppAbility,
    fields: string[],
    operation: 'filter' | 'sort',
    actor: ScopedActor,
  ): Promise<void> {
    try {
      assertFilterable(ability, 'Contract', fields, operation, actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'list',
        resource: 'contract',
        fields,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
  }

  private async projectPage(
    ability: AppAbility,
    page: ContractRow[],
    filterFields: string[],
    withParties = false,
  ): Promise<{ items: ContractView[]; fields: string[]; clientIds: string[] }> {
    const facts = await this.access.clientFacts(ability, page);
    const items: ContractView[] = [];
    const seen = new Set<string>(filterFields);
    const clientIds = new Set<string>();
    for (const row of page) {
      const clientFacts = facts.get(row.clientId);
      const fields = this.access.fields(ability, 'Contract', clientFacts);
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0) continue;
      const view = this.contractView(row, fields);
      view.fields.forEach((f) => seen.add(f));
      clientIds.add(row.clientId);
      if (withParties) {
        const clientFields = permittedFields(ability, 'read', 'Client', clientFacts!);
        const names = pick(
          { firstName: row.firstName, lastName: row.lastName },
          NAME_FIELDS.filter((f) => clientFields.includes(f)),
        );
        Object.keys(names).forEach((f) => seen.add(`client.${f}`));
        view.value.client = { id: row.clientId, ...names };
        view.value.insurer = { id: row.insurerId, name: row.insurerName };
        if ('endDate' in view.value) view.value.daysLeft = Number(row.daysLeft);
      }
      items.push(view.value);
    }
    return { items, fields: [...seen], clientIds: [...clientIds] };
  }

  private async carriedOverNeeds(
    row: ContractRow,
  ): Promise<{ requiredCoverages: string[]; maxPremium?: Money | null; notes?: string | null }> {
    const origin = row.offerRequestId ? await this.offers.loadRequest(row.offerRequestId) : null;
    if (origin) {
      return {
        requiredCoverages: origin.requiredCoverages,
        maxPremium: toMoney(origin.maxPremium, origin.currency),
        notes: origin.notes,
      };
    }
    return { requiredCoverages: row.coverages.map((c) => c.code) };
  }

  private async loadRow(manager: EntityManager, id: string): Promise<ContractRow | null> {
    const rows: ContractRow[] = await manager.query(
      `${selectContractSql(this.clock.todaySql)} WHERE k.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  private contractView(row: ContractRow, fields: string[]): { value: ContractView; fields: string[] } {
    const flat = {
      id: row.id,
      clientId: row.clientId,
      insurerId: row.insurerId,
      insurerName: row.insurerName,
      offerRequestId: row.offerRequestId,
      quoteId: row.quoteId,
      renewalOfferRequestId: row.renewalOfferRequestId,
      lineOfBusiness: row.lineOfBusiness,
      status: row.status,
      createdAt: row.createdAt,
      policyNumber: row.policyNumber,
      startDate: row.startDate,
      endDate: row.endDate,
      productName: row.productName,
      coverages: row.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, row.currency) })),
      sumInsured: toMoney(row.sumInsured, row.currency),
      deductible: toMoney(row.deductible, row.currency),
      cancelledAt: row.cancelledAt,
      cancellationReason: row.cancellationReason,
      recommendation: row.recommendation,
      premium: toMoney(row.premium, row.currency),
      commissionRate: row.commissionRateBp / 10_000,
      commission: toMoney(row.commission, row.currency),
    };
    return {
      value: pick(flat, fields) as ContractView,
      fields: fields.filter((f) => CONTRACT_PERSONAL.has(f)),
    };
  }
}

function toSummary(
  row: Omit<ContractSummary, 'premium' | 'commission'> & {
    premium: string;
    commission: string;
    currency: string;
  },
): ContractSummary {
  return {
    id: row.id,
    clientId: row.clientId,
    insurerId: row.insurerId,
    insurerName: row.insurerName,
    policyNumber: row.policyNumber,
    lineOfBusiness: row.lineOfBusiness,
    startDate: row.startDate,
    endDate: row.endDate,
    status: row.status,
    premium: toMoney(row.premium, row.currency)!,
    commission: toMoney(row.commission, row.currency)!,
  };
}
