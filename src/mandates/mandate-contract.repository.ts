import { Injectable } from '@nestjs/common';
import type { MandateTransaction } from './mandate-store';

/** A contract intermediated for a mandate's subject, as stored. */
export interface ContractRow {
  id: string;
  subject_id: string;
  line_of_business: string;
  product_name: string;
  policy_number: string | null;
  start_date: string;
  end_date: string;
  premium_amount: string | null;
  premium_currency: string | null;
  created_at: string;
}

export interface NewContractRow {
  subjectId: string;
  lineOfBusiness: string;
  productName: string;
  policyNumber: string | null;
  startDate: string;
  endDate: string;
  premiumAmount: number | null;
  premiumCurrency: string | null;
  createdBy: string;
}

const SELECT_CONTRACT = `SELECT c.id, c.subject_id, c.line_of_business, c.product_name, c.policy_number,
    to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
    c.premium_amount::text AS premium_amount, c.premium_currency,
    to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
  FROM mandate.contract c`;

/**
 * The `mandate.contract` table, in a transaction MandateStore bound to one mandate. The rows are
 * mapped by `contractView` (mandate-records.ts).
 */
@Injectable()
export class MandateContractRepository {
  async insert(tx: MandateTransaction, mandateId: string, input: NewContractRow): Promise<ContractRow> {
    const [inserted]: Array<{ id: string }> = await tx.query(
      `INSERT INTO mandate.contract (mandate_id, subject_id, line_of_business, product_name, policy_number, start_date, end_date,
                                     premium_amount, premium_currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        mandateId,
        input.subjectId,
        input.lineOfBusiness,
        input.productName,
        input.policyNumber,
        input.startDate,
        input.endDate,
        input.premiumAmount,
        input.premiumCurrency,
        input.createdBy,
      ],
    );
    const [created]: ContractRow[] = await tx.query(`${SELECT_CONTRACT} WHERE c.id = $1`, [inserted.id]);
    return created;
  }

  ofSubject(tx: MandateTransaction, subjectId: string): Promise<ContractRow[]> {
    return tx.query(`${SELECT_CONTRACT} WHERE c.subject_id = $1 ORDER BY c.created_at, c.id`, [subjectId]);
  }

  /** Every contract of the bound mandate, oldest first (its return to the insurer). */
  all(tx: MandateTransaction): Promise<ContractRow[]> {
    return tx.query(`${SELECT_CONTRACT} ORDER BY c.created_at, c.id`);
  }

  /** The end of the mandate: every contract deleted; answers how many. */
  async deleteAllForEnd(tx: MandateTransaction): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await tx.query(
      `WITH d AS (DELETE FROM mandate.contract RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    return n;
  }
}
