import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LineOfBusiness } from '@app/privacy';
import { Share } from './commission-math';

/** A commission agreement as stored; rates and shares in basis points. */
export interface AgreementRow {
  id: string;
  insurerId: string;
  lineOfBusiness: LineOfBusiness;
  firstYearRateBp: number;
  renewalRateBp: number;
  splits: Share[];
  validFrom: string | null;
  createdAt: string;
  sortKey?: string;
}

const COLUMNS = `a.id, a.insurer_id AS "insurerId", a.line_of_business AS "lineOfBusiness",
  a.first_year_rate_bp AS "firstYearRateBp", a.renewal_rate_bp AS "renewalRateBp", a.splits,
  to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

/** The `commission_agreement` table: the only code whose SQL names it. Agreements hold no personal data. */
@Injectable()
export class CommissionAgreementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sets aside the current agreement for the same insurer, line and start day (serialised by the row lock). */
  async supersede(
    key: { insurerId: string; lineOfBusiness: string; validFrom: string | null },
    manager: EntityManager,
  ): Promise<boolean> {
    // A SELECT over the update's rows: TypeORM answers a bare UPDATE with [rows, count].
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `WITH replaced AS (
         UPDATE commission_agreement SET superseded_at = now()
          WHERE insurer_id = $1 AND line_of_business = $2 AND valid_from IS NOT DISTINCT FROM $3::date
            AND superseded_at IS NULL RETURNING id)
       SELECT count(*)::int AS n FROM replaced`,
      [key.insurerId, key.lineOfBusiness, key.validFrom],
    );
    return n > 0;
  }

  /** Serialises agreements of one insurer and line: two at once would both find nothing to supersede. */
  async lockKey(insurerId: string, lineOfBusiness: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('commission_agreement'), hashtext($1 || '/' || $2))`,
      [insurerId, lineOfBusiness],
    );
  }

  async insert(
    input: Omit<AgreementRow, 'id' | 'createdAt'> & { createdBy: string },
    manager: EntityManager,
  ): Promise<AgreementRow> {
    const [row]: AgreementRow[] = await manager.query(
      `INSERT INTO commission_agreement AS a (insurer_id, line_of_business, first_year_rate_bp, renewal_rate_bp, splits, valid_from, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::date, $7) RETURNING ${COLUMNS}`,
      [
        input.insurerId,
        input.lineOfBusiness,
        input.firstYearRateBp,
        input.renewalRateBp,
        JSON.stringify(input.splits),
        input.validFrom,
        input.createdBy,
      ],
    );
    return row;
  }

  /** Current agreements, newest first; one row more than `size` tells there is a next page. */
  page(filter: {
    insurerId?: string;
    lineOfBusiness?: string;
    after: [string, string] | null;
    size: number;
  }): Promise<AgreementRow[]> {
    const conditions = ['a.superseded_at IS NULL'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.insurerId) conditions.push(`a.insurer_id = ${param(filter.insurerId)}::uuid`);
    if (filter.lineOfBusiness) conditions.push(`a.line_of_business = ${param(filter.lineOfBusiness)}`);
    if (filter.after)
      conditions.push(
        `(a.created_at, a.id) < (${param(filter.after[0])}::timestamptz, ${param(filter.after[1])}::uuid)`,
      );
    return this.dataSource.query(
      `SELECT ${COLUMNS}, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
         FROM commission_agreement a WHERE ${conditions.join(' AND ')}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${filter.size + 1}`,
      params,
    );
  }

  /** The current agreements of an insurer, every line and start day. */
  ofInsurer(insurerId: string, manager?: EntityManager): Promise<AgreementRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM commission_agreement a WHERE a.insurer_id = $1 AND a.superseded_at IS NULL`,
      [insurerId],
    );
  }
}
