import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { toPositional } from '@app/common/database/sql';
import { Page, encodeCursor, newestFirstAfter, pageSize } from '@app/common/http/pagination';
import {
  AppAbility,
  AuditAction,
  ClientSubjectFacts,
  LineOfBusiness,
  assertFilterable,
  assertWritable,
  personalFieldsOf,
} from '@app/privacy';
import { ClientsService, scopeOf } from '../clients';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { ClientRecordsAccess, ScopedActor, pick } from './client-records-access.service';
import { Comparison, ComparedQuote, compareQuotes } from './comparison';
import { COVERAGE_CODES, unknownCoverageCodes } from './coverage-codes';
import { Money, basisPointsToRate, rateToBasisPoints, toMoney } from './money';
import { CreateOfferRequestDto, CreateQuoteDto, ListOfferRequestsQueryDto, NeedsDto } from './offer.dto';
import {
  DeclinedQuoteWithOfferError,
  DuplicateCoverageError,
  OfferRequestConcludedError,
  RenewalAlreadyStartedError,
  UnknownCoverageCodeError,
  ValidityInPastError,
} from './offers.errors';

/** An offer request as stored, with its client's restriction and refused-erasure flags. */
export interface OfferRequestRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  lineOfBusiness: LineOfBusiness;
  status: 'open' | 'concluded';
  renewsContractId: string | null;
  createdAt: string;
  requiredCoverages: string[];
  maxPremium: string | null;
  currency: string;
  notes: string | null;
}

/** A quote as stored, with the facts the database judges (expiry, commission amount). */
export interface QuoteRow {
  id: string;
  offerRequestId: string;
  clientId: string;
  insurerId: string;
  insurerName: string;
  status: 'offered' | 'declined';
  productName: string | null;
  premium: string | null;
  sumInsured: string | null;
  deductible: string | null;
  currency: string;
  coverages: Array<{ code: string; limit: number }>;
  validUntil: string | null;
  expired: boolean;
  commissionRateBp: number | null;
  commission: string | null;
  declineReason: string | null;
  createdAt: string;
}

export type OfferRequestView = Record<string, unknown> & { id: string };
export type QuoteView = Record<string, unknown> & { id: string };

export interface NewOfferRequest {
  clientId: string;
  lineOfBusiness: LineOfBusiness;
  needs: { requiredCoverages: string[]; maxPremium?: Money | null; notes?: string | null };
  renewsContractId?: string | null;
  createdBy: string | null;
}

/** What other modules learn about a client's offers (callers answer for the purpose). */
export interface ClientOfferSummary {
  id: string;
  lineOfBusiness: LineOfBusiness;
  status: 'open' | 'concluded';
  renewsContractId: string | null;
  createdAt: string;
  needs: { requiredCoverages: string[]; maxPremium: Money | null; notes: string | null };
  quotes: Array<{
    id: string;
    insurerId: string;
    insurerName: string;
    status: 'offered' | 'declined';
    productName: string | null;
    premium: Money | null;
    validUntil: string | null;
    declineReason: string | null;
  }>;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SELECT_REQUEST = `SELECT r.id, r.client_id AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused", r.line_of_business AS "lineOfBusiness",
    r.status, r.renews_contract_id AS "renewsContractId", ${TS('r.created_at')} AS "createdAt",
    r.required_coverages AS "requiredCoverages", r.max_premium AS "maxPremium", r.currency, r.notes
  FROM offer_request r JOIN client c ON c.id = r.client_id`;

const selectQuoteSql = (
  today: string,
) => `SELECT q.id, q.offer_request_id AS "offerRequestId", r.client_id AS "clientId", q.insurer_id AS "insurerId",
    i.name AS "insurerName", q.status, q.product_name AS "productName", q.premium, q.sum_insured AS "sumInsured",
    q.deductible, q.currency, q.coverages, to_char(q.valid_until, 'YYYY-MM-DD') AS "validUntil",
    coalesce(q.valid_until < ${today}, false) AS expired, q.commission_rate_bp AS "commissionRateBp",
    round(q.premium * q.commission_rate_bp / 10000.0)::bigint AS commission, q.decline_reason AS "declineReason",
    ${TS('q.created_at')} AS "createdAt"
  FROM quote q JOIN offer_request r ON r.id = q.offer_request_id JOIN insurer i ON i.id = q.insurer_id`;

/** Keyset position of a request: its creation time to the microsecond. */
const SORT_KEY = `to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const NEEDS_FIELDS = ['requiredCoverages', 'maxPremium', 'notes'] as const;
const OFFER_FIELDS = [
  'productName',
  'premium',
  'sumInsured',
  'deductible',
  'coverages',
  'validUntil',
] as const;
/** What a comparison reads: it ranks on these, so each must be readable under the purpose. */
const COMPARED_REQUEST_FIELDS = ['requiredCoverages', 'maxPremium'];
const COMPARED_QUOTE_FIELDS = [
  'productName',
  'premium',
  'sumInsured',
  'deductible',
  'coverages',
  'validUntil',
  'declineReason',
];

/**
 * Demands-and-needs analyses and the quotes collected for them. Every response is projected
 * through the registry (OfferRequest, Quote), every write checked against it, every list
 * filtered by it in SQL, and every request leaves exactly one entry in the record of operations.
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ClientRecordsAccess,
    private readonly clients: ClientsService,
    private readonly insurers: InsurersService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** SQL: the client under `clientAlias` asked for an offer in the line named by `lobParam` (one-statement audiences). */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return `EXISTS (SELECT 1 FROM offer_request o WHERE o.client_id = ${clientAlias}.id AND o.line_of_business = ${lobParam})`;
  }

  async createRequest(actor: ScopedActor, input: CreateOfferRequestDto): Promise<OfferRequestView> {
    const ability = this.access.ability(actor);
    const fields = needsFieldsOf(input.needs);
    await this.guardWrite(ability, 'OfferRequest', fields, actor, {
      action: 'create',
      resource: 'offer_request',
      clientIds: [],
    });
    await this.clients.requireVisible(scopeOf(actor), input.clientId, {
      action: 'create',
      resource: 'offer_request',
    });
    this.checkNeeds(input.lineOfBusiness, input.needs.requiredCoverages);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        input.clientId,
        { action: 'create', resource: 'offer_request', fields },
        manager,
      );
      const id = await this.insertRequest(manager, {
        clientId: input.clientId,
        lineOfBusiness: input.lineOfBusiness,
        needs: input.needs,
        createdBy: actor.staffId,
      });
      await this.audit.record(
        {
          action: 'create',
          resource: 'offer_request',
          resourceId: id,
          clientIds: [input.clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      return (await this.viewRequest(ability, id, manager))!.value;
    });
  }

  async getRequest(actor: ScopedActor, id: string): Promise<OfferRequestView> {
    const ability = this.access.ability(actor);
    const { row, facts, fields } = await this.visibleRequest(ability, id, 'read');
    const quoteFields = this.access.fields(ability, 'Quote', facts);
    const view = this.requestView(row, fields);
    const seen = new Set(view.fields);
    let quotes: QuoteView[] | undefined;
    if (quoteFields.length > 0) {
      quotes = (await this.quoteRows(this.dataSource.manager, id)).map((q) => {
        const projected = this.quoteView(q, quoteFields);
        projected.fields.forEach((f) => seen.add(`quotes.${f}`));
        return projected.value;
      });
    }
    await this.audit.record({
      action: 'read',
      resource: 'offer_request',
      resourceId: id,
      clientIds: [row.clientId],
      fields: [...seen],
      outcome: 'allowed',
    });
    return quotes ? { ...view.value, quotes } : view.value;
  }

  async listRequests(actor: ScopedActor, query: ListOfferRequestsQueryDto): Promise<Page<OfferRequestView>> {
    const ability = this.access.ability(actor);
    const filterFields = [
      ...(query.clientId ? ['clientId'] : []),
      ...(query.status ? ['status'] : []),
      ...(query.lineOfBusiness ? ['lineOfBusiness'] : []),
    ];
    try {
      assertFilterable(ability, 'OfferRequest', filterFields, 'filter', actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'list',
        resource: 'offer_request',
        fields: filterFields,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    const visible = this.access.visibleSql(ability, 'OfferRequest', 'c');
    const conditions = [visible.sql];
    const named: Record<string, unknown> = { ...visible.params };
    if (query.clientId) {
      named.fclient = query.clientId;
      conditions.push(`r.client_id = :fclient::uuid`);
    }
    if (query.status) {
      named.fstatus = query.status;
      conditions.push(`r.status = :fstatus`);
    }
    if (query.lineOfBusiness) {
      named.fline = query.lineOfBusiness;
      conditions.push(`r.line_of_business = :fline`);
    }
    const after = newestFirstAfter(query.cursor, 'r', named);
    if (after) conditions.push(after);
    const size = pageSize(query.limit);
    const { sql, params } = toPositional(
      `${SELECT_REQUEST.replace(' FROM offer_request r', `, ${SORT_KEY} AS "sortKey" FROM offer_request r`)}
       WHERE ${conditions.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${size + 1}`,
      named,
    );
    const rows: Array<OfferRequestRow & { sortKey: string }> = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const facts = await this.access.clientFacts(ability, page);
    const items: OfferRequestView[] = [];
    const seen = new Set<string>(filterFields);
    const clientIds = new Set<string>();
    for (const row of page) {
      const fields = this.access.fields(ability, 'OfferRequest', facts.get(row.clientId));
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0) continue;
      const view = this.requestView(row, fields);
      view.fields.forEach((f) => seen.add(f));
      clientIds.add(row.clientId);
      items.push(view.value);
    }
    await this.audit.record({
      action: 'list',
      resource: 'offer_request',
      clientIds: [...clientIds],
      fields: [...seen],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  async addQuote(actor: ScopedActor, offerRequestId: string, input: CreateQuoteDto): Promise<QuoteView> {
    const ability = this.access.ability(actor);
    const fields = quoteFieldsOf(input);
    await this.guardWrite(ability, 'Quote', fields, actor, {
      action: 'create',
      resource: 'quote',
      clientIds: [],
    });
    const { row } = await this.visibleRequest(ability, offerRequestId, 'create', 'quote');
    if (input.declined) {
      const offered = [...OFFER_FIELDS, 'commissionRate'].filter(
        (f) => (input as unknown as Record<string, unknown>)[f] !== undefined,
      );
      if (offered.length > 0) throw new DeclinedQuoteWithOfferError(offered);
    } else {
      const codes = input.coverages!.map((c) => c.code);
      const unknown = unknownCoverageCodes(row.lineOfBusiness, codes);
      if (unknown.length > 0) throw new UnknownCoverageCodeError('coverages', unknown, row.lineOfBusiness);
      const repeated = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (repeated.length > 0) throw new DuplicateCoverageError([...new Set(repeated)]);
    }
    if (row.status !== 'open') throw new OfferRequestConcludedError();
    return this.dataSource.transaction(async (manager) => {
      // The client row first: erasure locks it before the offer rows.
      await this.clients.assertNotAnonymised(
        row.clientId,
        { action: 'create', resource: 'quote', fields },
        manager,
      );
      const [locked] = await manager.query(`SELECT status FROM offer_request WHERE id = $1 FOR UPDATE`, [
        offerRequestId,
      ]);
      if (locked.status !== 'open') throw new OfferRequestConcludedError();
      if (!(await this.insurers.findById(input.insurerId, manager))) throw new UnknownInsurerError();
      if (input.validUntil) {
        const [{ past }] = await manager.query(`SELECT $1::date < ${this.clock.todaySql} AS past`, [
          input.validUntil,
        ]);
        if (past) throw new ValidityInPastError();
      }
      const [inserted] = await manager.query(
        `INSERT INTO quote (offer_request_id, insurer_id, status, product_name, premium, sum_insured, deductible, coverages,
                            valid_until, commission_rate_bp, decline_reason, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          offerRequestId,
          input.insurerId,
          input.declined ? 'declined' : 'offered',
          input.productName ?? null,
          input.premium?.amount ?? null,
          input.sumInsured?.amount ?? null,
          input.deductible?.amount ?? null,
          JSON.stringify((input.coverages ?? []).map((c) => ({ code: c.code, limit: c.limit.amount }))),
          input.validUntil ?? null,
          input.declined ? null : rateToBasisPoints(input.commissionRate ?? 0),
          input.declined ? input.declineReason : null,
          actor.staffId,
        ],
      );
      await manager.query(`UPDATE offer_request SET updated_at = now() WHERE id = $1`, [offerRequestId]);
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'quote',
          resourceId: inserted.id,
          clientIds: [row.clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      const facts = await this.access.clientFacts(ability, [row], manager);
      const [quote] = await this.quoteRows(manager, offerRequestId, inserted.id);
      return this.quoteView(quote, this.access.fields(ability, 'Quote', facts.get(row.clientId))).value;
    });
  }

  async comparison(
    actor: ScopedActor,
    offerRequestId: string,
  ): Promise<Comparison & { offerRequestId: string; lineOfBusiness: string; asOf: string }> {
    const ability = this.access.ability(actor);
    const { row } = await this.visibleRequest(ability, offerRequestId, 'read');
    try {
      assertFilterable(ability, 'OfferRequest', COMPARED_REQUEST_FIELDS, 'filter', actor.purpose);
      assertFilterable(ability, 'Quote', COMPARED_QUOTE_FIELDS, 'sort', actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'read',
        resource: 'offer_request',
        resourceId: offerRequestId,
        clientIds: [row.clientId],
        fields: [...COMPARED_REQUEST_FIELDS, ...COMPARED_QUOTE_FIELDS.map((f) => `quotes.${f}`)],
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    const quotes = await this.quoteRows(this.dataSource.manager, offerRequestId);
    const [{ today }] = await this.dataSource.query(
      `SELECT to_char(${this.clock.todaySql}, 'YYYY-MM-DD') AS today`,
    );
    const compared: ComparedQuote[] = quotes.map((q) => ({
      id: q.id,
      insurerId: q.insurerId,
      insurerName: q.insurerName,
      status: q.status,
      productName: q.productName,
      premium: toMoney(q.premium, q.currency),
      sumInsured: toMoney(q.sumInsured, q.currency),
      deductible: toMoney(q.deductible, q.currency),
      validUntil: q.validUntil,
      expired: q.expired,
      coverages: q.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, q.currency)! })),
      declineReason: q.declineReason,
      createdAt: q.createdAt,
    }));
    const result = compareQuotes(
      { requiredCoverages: row.requiredCoverages, maxPremium: toMoney(row.maxPremium, row.currency) },
      compared,
      COVERAGE_CODES[row.lineOfBusiness],
    );
    await this.audit.record({
      action: 'read',
      resource: 'offer_request',
      resourceId: offerRequestId,
      clientIds: [row.clientId],
      fields: [
        ...COMPARED_REQUEST_FIELDS,
        ...(quotes.length ? COMPARED_QUOTE_FIELDS.map((f) => `quotes.${f}`) : []),
      ],
      outcome: 'allowed',
    });
    return { offerRequestId, lineOfBusiness: row.lineOfBusiness, asOf: today, ...result };
  }

  /** A client's offer requests with a summary of their quotes, for the data-subject report. No privacy check: the caller answers for the purpose. */
  async forClient(clientId: string, manager?: EntityManager): Promise<ClientOfferSummary[]> {
    const runner = manager ?? this.dataSource.manager;
    const requests: OfferRequestRow[] = await runner.query(
      `${SELECT_REQUEST} WHERE r.client_id = $1 ORDER BY r.created_at, r.id`,
      [clientId],
    );
    if (requests.length === 0) return [];
    const quotes: QuoteRow[] = await runner.query(
      `${selectQuoteSql(this.clock.todaySql)} WHERE r.client_id = $1 ORDER BY q.created_at, q.id`,
      [clientId],
    );
    return requests.map((r) => ({
      id: r.id,
      lineOfBusiness: r.lineOfBusiness,
      status: r.status,
      renewsContractId: r.renewsContractId,
      createdAt: r.createdAt,
      needs: {
        requiredCoverages: r.requiredCoverages,
        maxPremium: toMoney(r.maxPremium, r.currency),
        notes: r.notes,
      },
      quotes: quotes
        .filter((q) => q.offerRequestId === r.id)
        .map((q) => ({
          id: q.id,
          insurerId: q.insurerId,
          insurerName: q.insurerName,
          status: q.status,
          productName: q.productName,
          premium: toMoney(q.premium, q.currency),
          validUntil: q.validUntil,
          declineReason: q.declineReason,
        })),
    }));
  }

  // ---- For the contracts module (conclusion and renewal); callers check the purpose. ----

  async loadRequest(id: string, manager?: EntityManager, lock = false): Promise<OfferRequestRow | null> {
    const rows: OfferRequestRow[] = await (manager ?? this.dataSource.manager).query(
      `${SELECT_REQUEST} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async loadQuote(manager: EntityManager, offerRequestId: string, quoteId: string): Promise<QuoteRow | null> {
    const [quote] = await this.quoteRows(manager, offerRequestId, quoteId);
    return quote ?? null;
  }

  async markConcluded(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE offer_request SET status = 'concluded', updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /** Refuses codes outside the line's vocabulary. */
  checkNeeds(line: LineOfBusiness, requiredCoverages: readonly string[]): void {
    const unknown = unknownCoverageCodes(line, requiredCoverages);
    if (unknown.length > 0) throw new UnknownCoverageCodeError('needs.requiredCoverages', unknown, line);
  }

  /** Inserts an offer request; a second renewal of the same contract is refused. */
  async insertRequest(manager: EntityManager, input: NewOfferRequest): Promise<string> {
    try {
      // A savepoint keeps the caller's transaction usable when the unique index refuses the row.
      await manager.query('SAVEPOINT offer_request_insert');
      const [row] = await manager.query(
        `INSERT INTO offer_request (client_id, line_of_business, required_coverages, max_premium, notes, renews_contract_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          input.clientId,
          input.lineOfBusiness,
          input.needs.requiredCoverages,
          input.needs.maxPremium?.amount ?? null,
          input.needs.notes ?? null,
          input.renewsContractId ?? null,
          input.createdBy,
        ],
      );
      await manager.query('RELEASE SAVEPOINT offer_request_insert');
      await this.clients.touch(input.clientId, manager);
      return row.id as string;
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).constraint === 'offer_request_renews_key') {
        await manager.query('ROLLBACK TO SAVEPOINT offer_request_insert');
        const [existing] = await manager.query(`SELECT id FROM offer_request WHERE renews_contract_id = $1`, [
          input.renewsContractId,
        ]);
        throw new RenewalAlreadyStartedError(existing?.id ?? null);
      }
      throw error;
    }
  }

  /** The request projected under the ability (null when it is not visible). */
  async viewRequest(
    ability: AppAbility,
    id: string,
    manager?: EntityManager,
  ): Promise<{ value: OfferRequestView; fields: string[] } | null> {
    const row = await this.loadRequest(id, manager);
    if (!row) return null;
    const facts = await this.access.clientFacts(ability, [row], manager);
    const fields = this.access.fields(ability, 'OfferRequest', facts.get(row.clientId));
    return fields.length ? this.requestView(row, fields) : null;
  }

  // ---- internals ----

  private async visibleRequest(
    ability: AppAbility,
    id: string,
    action: AuditAction,
    resource: AuditResource = 'offer_request',
  ): Promise<{ row: OfferRequestRow; facts: ClientSubjectFacts; fields: string[] }> {
    return this.access.requireVisible(ability, await this.loadRequest(id), {
      entity: 'OfferRequest',
      attempt: { action, resource, resourceId: resource === 'offer_request' ? id : null },
      notFound: 'Offer request',
    });
  }

  private async guardWrite(
    ability: AppAbility,
    entity: 'OfferRequest' | 'Quote',
    fields: string[],
    actor: ScopedActor,
    attempt: { action: AuditAction; resource: AuditResource; clientIds: string[] },
  ): Promise<void> {
    try {
      assertWritable(ability, 'create', entity, null, fields, actor.purpose);
    } catch (error) {
      await this.audit.record({ ...attempt, fields, outcome: 'denied', reason: 'FORBIDDEN_FIELDS' });
      throw error;
    }
  }

  private async quoteRows(
    manager: EntityManager,
    offerRequestId: string,
    quoteId?: string,
  ): Promise<QuoteRow[]> {
    return manager.query(
      `${selectQuoteSql(this.clock.todaySql)} WHERE q.offer_request_id = $1${quoteId ? ' AND q.id = $2' : ''} ORDER BY q.created_at, q.id`,
      quoteId ? [offerRequestId, quoteId] : [offerRequestId],
    );
  }

  private requestView(row: OfferRequestRow, fields: string[]): { value: OfferRequestView; fields: string[] } {
    const flat = {
      id: row.id,
      clientId: row.clientId,
      lineOfBusiness: row.lineOfBusiness,
      status: row.status,
      renewsContractId: row.renewsContractId,
      createdAt: row.createdAt,
      requiredCoverages: row.requiredCoverages,
      maxPremium: toMoney(row.maxPremium, row.currency),
      notes: row.notes,
    };
    const visible = pick(flat, fields);
    const { requiredCoverages, maxPremium, notes, ...base } = visible;
    const needs = pick(
      { requiredCoverages, maxPremium, notes },
      NEEDS_FIELDS.filter((f) => f in visible),
    );
    const personal = Object.keys(needs);
    return {
      value: { ...base, ...(personal.length ? { needs } : {}) } as OfferRequestView,
      fields: personal,
    };
  }

  private quoteView(row: QuoteRow, fields: string[]): { value: QuoteView; fields: string[] } {
    const flat = {
      id: row.id,
      offerRequestId: row.offerRequestId,
      clientId: row.clientId,
      insurerId: row.insurerId,
      insurerName: row.insurerName,
      status: row.status,
      createdAt: row.createdAt,
      productName: row.productName,
      premium: toMoney(row.premium, row.currency),
      sumInsured: toMoney(row.sumInsured, row.currency),
      deductible: toMoney(row.deductible, row.currency),
      coverages: row.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, row.currency) })),
      validUntil: row.validUntil,
      commissionRate: basisPointsToRate(row.commissionRateBp),
      commission: toMoney(row.commission, row.currency),
      declineReason: row.declineReason,
    };
    const value = pick(flat, fields) as QuoteView;
    if ('validUntil' in value && row.validUntil) value.expired = row.expired;
    return { value, fields: fields.filter((f) => QUOTE_PERSONAL.has(f)) };
  }
}

const QUOTE_PERSONAL = new Set(personalFieldsOf('Quote'));

function needsFieldsOf(needs: NeedsDto): string[] {
  return NEEDS_FIELDS.filter((f) => needs[f] !== undefined);
}

function quoteFieldsOf(input: CreateQuoteDto): string[] {
  const fields: string[] = [...OFFER_FIELDS, 'commissionRate', 'declineReason'].filter(
    (f) => (input as unknown as Record<string, unknown>)[f] !== undefined,
  );
  return fields;
}
