import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  Attempt,
  ClientSubjectFacts,
  EntityName,
  LineOfBusiness,
  PersonalDataLifecycle,
  PrivacyScope,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { QuoteMismatch, mismatchOf } from './comparison';
import { comparedNeeds, comparedQuote } from './compared-rows';
import { unknownCoverageCodes } from './coverage-codes';
import { Money, toMoney } from './money';
import { CreateOfferRequestDto, ListOfferRequestsQueryDto, UpdateOfferRequestDto } from './offer.dto';
import { NewOfferRequest, OfferRequestRepository, OfferRequestRow } from './offer-request.repository';
import {
  NEEDS_FIELDS,
  OfferRequestView,
  QuoteView,
  needsFieldsOf,
  quoteView,
  requestView,
} from './offer-views';
import {
  LineChangeWithQuotesError,
  NothingToCorrectError,
  OfferRequestConcludedError,
  UnknownCoverageCodeError,
} from './offers.errors';
import { QuoteRepository, QuoteRow } from './quote.repository';

/** What the person's own access report lists about their offers. */
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

/**
 * Demands-and-needs analyses (offer requests). Every response is projected through the registry
 * (OfferRequest, Quote), every write checked against it, every list filtered by it in SQL, and
 * every request leaves exactly one entry in the record of operations. Quotes and the comparison
 * have their own services; this one is also the module's face to contracts, mailings and reports.
 */
@Injectable()
export class OffersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: OfferRequestRepository,
    private readonly quotes: QuoteRepository,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * Needs notes and the reasons an insurer declined can describe the person: erasure clears the
   * notes and replaces the reasons; lines, coverages and amounts stay, so the books still add up.
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'offers',
      erase: async (ids, manager) => {
        await this.requests.eraseNotesForErasure(ids, manager);
        await this.quotes.eraseDeclineReasonsForErasure(ids, manager);
      },
    });
  }

  async createRequest(scope: PrivacyScope, input: CreateOfferRequestDto): Promise<OfferRequestView> {
    const fields = needsFieldsOf(input.needs);
    scope.assertWritable('create', 'OfferRequest', null, fields, {
      action: 'create',
      resource: 'offer_request',
      clientIds: [],
    });
    await this.clients.requireVisible(scope, input.clientId, { action: 'create', resource: 'offer_request' });
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
        createdBy: scope.staffMember,
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
      return (await this.viewRequest(scope, id, manager))!.value;
    });
  }

  /**
   * Corrects an open request: the line (while no quote was given for it) and any of the needs.
   * Refused once the request is concluded: the contract was concluded on those needs.
   */
  async updateRequest(
    scope: PrivacyScope,
    id: string,
    input: UpdateOfferRequestDto,
  ): Promise<OfferRequestView> {
    const needs = input.needs ?? {};
    const needsFields = NEEDS_FIELDS.filter((f) => needs[f] !== undefined);
    const changed = [...(input.lineOfBusiness !== undefined ? ['lineOfBusiness'] : []), ...needsFields];
    const attempt = {
      action: 'update' as const,
      resource: 'offer_request' as const,
      resourceId: id,
      fields: changed,
    };
    const { row, facts } = await this.requireVisibleRequest(scope, id, 'OfferRequest', attempt);
    scope.assertWritable('update', 'OfferRequest', { clientId: facts.id }, needsFields, {
      ...attempt,
      clientIds: [row.clientId],
    });
    if (changed.length === 0) throw new NothingToCorrectError();
    if (row.status !== 'open') throw new OfferRequestConcludedError();
    const line = input.lineOfBusiness ?? row.lineOfBusiness;
    this.checkNeeds(line, needs.requiredCoverages ?? row.requiredCoverages);
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(row.clientId, attempt, manager);
      if ((await this.requests.lockStatus(id, manager)) !== 'open') throw new OfferRequestConcludedError();
      if (line !== row.lineOfBusiness && (await this.quotes.forRequest(scope, id, manager)).length > 0)
        throw new LineChangeWithQuotesError();
      await this.requests.update(
        id,
        {
          lineOfBusiness: input.lineOfBusiness,
          requiredCoverages: needs.requiredCoverages,
          maxPremium: needs.maxPremium === undefined ? undefined : (needs.maxPremium?.amount ?? null),
          notes: needs.notes === undefined ? undefined : needs.notes || null,
        },
        manager,
      );
      await this.clients.touch(row.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'offer_request',
          resourceId: id,
          clientIds: [row.clientId],
          fields: changed,
          outcome: 'allowed',
        },
        manager,
      );
      return (await this.viewRequest(scope, id, manager))!.value;
    });
  }

  async getRequest(scope: PrivacyScope, id: string): Promise<OfferRequestView> {
    const { row, facts, fields } = await this.requireVisibleRequest(scope, id, 'OfferRequest', {
      action: 'read',
      resource: 'offer_request',
      resourceId: id,
    });
    const quoteFields = scope.clientRecordFields('Quote', facts);
    const view = requestView(scope, row, fields);
    const seen = new Set(view.fields);
    let quotes: QuoteView[] | undefined;
    if (quoteFields.length > 0) {
      quotes = (await this.quotes.forRequest(scope, id)).map((q) => {
        const projected = quoteView(scope, q, quoteFields);
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

  async listRequests(scope: PrivacyScope, query: ListOfferRequestsQueryDto): Promise<Page<OfferRequestView>> {
    const filterFields = [
      ...(query.clientId ? ['clientId'] : []),
      ...(query.status ? ['status'] : []),
      ...(query.lineOfBusiness ? ['lineOfBusiness'] : []),
    ];
    scope.assertFilterable('OfferRequest', filterFields, 'filter', {
      action: 'list',
      resource: 'offer_request',
    });
    const size = pageSize(query.limit);
    const rows = await this.requests.page(scope, {
      clientId: query.clientId,
      status: query.status,
      lineOfBusiness: query.lineOfBusiness,
      cursor: query.cursor,
      size,
    });
    const page = rows.slice(0, size);
    const facts = await this.clients.subjectFacts(scope, page);
    const items: OfferRequestView[] = [];
    const seen = new Set<string>(filterFields);
    const clientIds = new Set<string>();
    for (const row of page) {
      const fields = scope.clientRecordFields('OfferRequest', facts.get(row.clientId));
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0) continue;
      const view = requestView(scope, row, fields);
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
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.sortKey!, last.id]) : null };
  }

  // ---- for the quotes, comparison and contracts services ----

  /**
   * The request, its client's facts and the fields of `entity` the scope lets through; absent and
   * invisible requests (client, `entity` or any of `alsoEntities`) are refused alike: not found.
   */
  async requireVisibleRequest(
    scope: PrivacyScope,
    id: string,
    entity: EntityName,
    attempt: Attempt,
    alsoEntities?: EntityName[],
  ): Promise<{ row: OfferRequestRow; facts: ClientSubjectFacts; fields: string[] }> {
    return this.clients.requireRecordVisible(scope, await this.requests.find(scope, id), {
      entity,
      alsoEntities,
      attempt,
      notFound: 'Offer request',
    });
  }

  /** The request as stored, locked for the caller's write when asked; visibility is the caller's. */
  findRequest(
    scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<OfferRequestRow | null> {
    return this.requests.find(scope, id, manager, lock);
  }

  /** One quote of a request (null when it is not one of the request's quotes); visibility is the caller's. */
  async findQuote(
    scope: PrivacyScope,
    offerRequestId: string,
    quoteId: string,
    manager: EntityManager,
  ): Promise<QuoteRow | null> {
    const [quote] = await this.quotes.forRequest(scope, offerRequestId, manager, quoteId);
    return quote ?? null;
  }

  /** The request projected under the scope (null when it is not visible). */
  async viewRequest(
    scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
  ): Promise<{ value: OfferRequestView; fields: string[] } | null> {
    const row = await this.requests.find(scope, id, manager);
    if (!row) return null;
    const facts = await this.clients.subjectFacts(scope, [row], manager);
    const fields = scope.clientRecordFields('OfferRequest', facts.get(row.clientId));
    return fields.length ? requestView(scope, row, fields) : null;
  }

  /** Inserts an offer request and marks the client active; a second renewal of the same contract is refused. */
  async insertRequest(manager: EntityManager, input: NewOfferRequest): Promise<string> {
    const id = await this.requests.insert(input, manager);
    await this.clients.touch(input.clientId, manager);
    return id;
  }

  markConcluded(manager: EntityManager, id: string): Promise<void> {
    return this.requests.markConcluded(id, manager);
  }

  /**
   * How a valid quote misses its request's needs (a required cover it lacks, a premium above the
   * maximum), judged as the comparison judges it; null when it meets them.
   */
  mismatchOf(request: OfferRequestRow, quote: QuoteRow): QuoteMismatch | null {
    return mismatchOf(comparedNeeds(request), comparedQuote(quote));
  }

  /** Refuses codes outside the line's vocabulary. */
  checkNeeds(line: LineOfBusiness, requiredCoverages: readonly string[]): void {
    const unknown = unknownCoverageCodes(line, requiredCoverages);
    if (unknown.length > 0) throw new UnknownCoverageCodeError('needs.requiredCoverages', unknown, line);
  }

  /** SQL: the id of the request renewing the contract whose id is `contractIdColumn` (null when none). */
  renewalIdSql(contractIdColumn: string): string {
    return this.requests.renewalIdSql(contractIdColumn);
  }

  /** SQL: the contract renewed by the offer request in `offerRequestIdColumn`, or null. */
  renewedContractIdSql(offerRequestIdColumn: string): string {
    return this.requests.renewedContractIdSql(offerRequestIdColumn);
  }

  // ---- for other modules ----

  /** SQL: the client under `clientAlias` asked for an offer in the line named by `lobParam` (one-statement audiences). */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return this.requests.clientHasLineSql(clientAlias, lobParam);
  }

  /** Demo data: an offer request as the seed makes it (no staff member, no purpose, backdated). */
  insertSeedRequest(
    input: Parameters<OfferRequestRepository['insertSeed']>[0],
    manager: EntityManager,
  ): Promise<string> {
    return this.requests.insertSeed(input, manager);
  }

  /** Demo data: a quote as the seed makes it (no staff member, no purpose, backdated). */
  insertSeedQuote(
    input: Parameters<QuoteRepository['insertSeed']>[0],
    manager: EntityManager,
  ): Promise<string> {
    return this.quotes.insertSeed(input, manager);
  }

  /** A client's offer requests with a summary of their quotes, for the person's own access report. */
  async forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<ClientOfferSummary[]> {
    const requests = await this.requests.forClientWithoutPurpose(clientId, manager);
    if (requests.length === 0) return [];
    const quotes = await this.quotes.forClientWithoutPurpose(clientId, manager);
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
}
