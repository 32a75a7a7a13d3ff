import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { PrivacyScope } from '@app/privacy';
import { InsurersService } from '../insurers';
import { basisPointsToRate, toMoney } from './money';
import { TIMESTAMP_SQL } from './offer-request.repository';

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

export interface NewQuote {
  offerRequestId: string;
  insurerId: string;
  status: 'offered' | 'declined';
  productName: string | null;
  premium: string | number | null;
  sumInsured: string | number | null;
  deductible: string | number | null;
  coverages: Array<{ code: string; limit: string | number }>;
  validUntil: string | null;
  commissionRateBp: number | null;
  declineReason: string | null;
  createdBy: string | null;
}

/** The one mapper from a stored quote to the registry's Quote fields. */
export function quoteRecord(row: QuoteRow) {
  return {
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
    coverages: row.coverages.map((c) => ({ code: c.code, limit: toMoney(c.limit, row.currency)! })),
    validUntil: row.validUntil,
    commissionRate: basisPointsToRate(row.commissionRateBp),
    commission: toMoney(row.commission, row.currency),
    declineReason: row.declineReason,
  };
}

/**
 * The `quote` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; work without a purpose (erasure, data-subject reports, seeding) says so in its name.
 */
@Injectable()
export class QuoteRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly insurers: InsurersService,
    private readonly clock: BrokerClock,
  ) {}

  private selectSql(): string {
    return `SELECT q.id, q.offer_request_id AS "offerRequestId", r.client_id AS "clientId", q.insurer_id AS "insurerId",
    ${this.insurers.nameSql('i')} AS "insurerName", q.status, q.product_name AS "productName", q.premium, q.sum_insured AS "sumInsured",
    q.deductible, q.currency, q.coverages, to_char(q.valid_until, 'YYYY-MM-DD') AS "validUntil",
    coalesce(q.valid_until < ${this.clock.todaySql}, false) AS expired, q.commission_rate_bp AS "commissionRateBp",
    round(q.premium * q.commission_rate_bp / 10000.0)::bigint AS commission, q.decline_reason AS "declineReason",
    ${TIMESTAMP_SQL('q.created_at')} AS "createdAt"
  FROM quote q JOIN offer_request r ON r.id = q.offer_request_id ${this.insurers.joinSql('i', 'q.insurer_id')}`;
  }

  /** The quotes of a request (or the one named), oldest first; the caller decided the request is visible. */
  forRequest(
    _scope: PrivacyScope,
    offerRequestId: string,
    manager?: EntityManager,
    quoteId?: string,
  ): Promise<QuoteRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE q.offer_request_id = $1${quoteId ? ' AND q.id = $2' : ''} ORDER BY q.created_at, q.id`,
      quoteId ? [offerRequestId, quoteId] : [offerRequestId],
    );
  }

  /** Every quote for a client's requests, oldest first, for the person's own access report. */
  forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<QuoteRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE r.client_id = $1 ORDER BY q.created_at, q.id`,
      [clientId],
    );
  }

  async insert(input: NewQuote, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO quote (${QUOTE_COLUMNS}, valid_until, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [...quoteValues(input), input.validUntil, input.createdBy],
    );
    return row.id;
  }

  /** A correction: only the columns given change. */
  async update(
    id: string,
    patch: Partial<Omit<NewQuote, 'offerRequestId' | 'insurerId' | 'status' | 'createdBy'>>,
    manager: EntityManager,
  ): Promise<void> {
    const columns: Record<string, string> = {
      productName: 'product_name',
      premium: 'premium',
      sumInsured: 'sum_insured',
      deductible: 'deductible',
      coverages: 'coverages',
      validUntil: 'valid_until',
      commissionRateBp: 'commission_rate_bp',
      declineReason: 'decline_reason',
    };
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(columns)) {
      const value = (patch as Record<string, unknown>)[key];
      if (value === undefined) continue;
      params.push(key === 'coverages' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return;
    await manager.query(`UPDATE quote SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Whether a validity date lies before the broker's today. */
  async isBeforeToday(date: string, manager: EntityManager): Promise<boolean> {
    const [{ past }]: Array<{ past: boolean }> = await manager.query(
      `SELECT $1::date < ${this.clock.todaySql} AS past`,
      [date],
    );
    return past;
  }

  /** Erasure: a decline reason may describe the person; it is replaced, the quote stays. */
  async eraseDeclineReasonsForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE quote q SET decline_reason = 'erased' FROM offer_request r
        WHERE r.id = q.offer_request_id AND r.client_id = ANY($1::uuid[]) AND q.decline_reason IS NOT NULL`,
      [clientIds],
    );
  }

  /** Demo data: a quote as the seed makes it, valid for `validDays` from today, created `ageDays` ago. */
  async insertSeed(
    input: Omit<NewQuote, 'validUntil' | 'createdBy'> & { validDays: number | null; ageDays: number },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO quote (${QUOTE_COLUMNS}, valid_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${this.clock.todaySql} + $11::int, now() - make_interval(days => $12))
       RETURNING id`,
      [...quoteValues(input), input.validDays, input.ageDays],
    );
    return row.id;
  }
}

/** The columns every inserted quote sets, in the order of `quoteValues`. */
const QUOTE_COLUMNS = `offer_request_id, insurer_id, status, product_name, premium, sum_insured, deductible, coverages,
                       commission_rate_bp, decline_reason`;

function quoteValues(input: Omit<NewQuote, 'validUntil' | 'createdBy'>): unknown[] {
  return [
    input.offerRequestId,
    input.insurerId,
    input.status,
    input.productName,
    input.premium,
    input.sumInsured,
    input.deductible,
    JSON.stringify(input.coverages),
    input.commissionRateBp,
    input.declineReason,
  ];
}
