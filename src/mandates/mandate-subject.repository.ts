import { Injectable } from '@nestjs/common';
import type { MandateTransaction } from './mandate-store';

/** A person processed under a mandate, as stored; PESEL is decrypted only when a view asks for it. */
export interface SubjectRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  address: Record<string, string> | null;
  date_of_birth: string | null;
  pesel_cipher: string | null;
  created_at: string;
  sort_key: string;
}

export interface NewSubjectRow {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  address: Record<string, string> | null;
  dateOfBirth: string | null;
  peselCipher: string | null;
  createdBy: string;
}

const SELECT_SUBJECT = `SELECT s.id, s.first_name, s.last_name, s.email, s.phone, s.address,
    to_char(s.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, s.pesel_cipher,
    to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
    to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
  FROM mandate.subject s`;

/**
 * The `mandate.subject` table. Every method runs in a transaction MandateStore bound to one
 * mandate: row-level security shows that mandate's subjects and nothing else. The rows are mapped
 * to what leaves by `subjectView` (mandate-records.ts), which applies the mandate's field list.
 */
@Injectable()
export class MandateSubjectRepository {
  async insert(tx: MandateTransaction, mandateId: string, input: NewSubjectRow): Promise<string> {
    const [inserted]: Array<{ id: string }> = await tx.query(
      `INSERT INTO mandate.subject (mandate_id, first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        mandateId,
        input.firstName,
        input.lastName,
        input.email,
        input.phone,
        input.address ? JSON.stringify(input.address) : null,
        input.dateOfBirth,
        input.peselCipher,
        input.createdBy,
      ],
    );
    return inserted.id;
  }

  async find(tx: MandateTransaction, id: string): Promise<SubjectRow | null> {
    const rows: SubjectRow[] = await tx.query(`${SELECT_SUBJECT} WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async exists(tx: MandateTransaction, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM mandate.subject WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Newest first, after the cursor (created_at, id) when given. */
  page(tx: MandateTransaction, cursor: unknown[] | null, limit: number): Promise<SubjectRow[]> {
    return cursor
      ? tx.query(
          `${SELECT_SUBJECT} WHERE (s.created_at, s.id) < ($1::timestamptz, $2::uuid) ORDER BY s.created_at DESC, s.id DESC LIMIT ${limit}`,
          cursor,
        )
      : tx.query(`${SELECT_SUBJECT} ORDER BY s.created_at DESC, s.id DESC LIMIT ${limit}`);
  }

  /** Every subject of the bound mandate, oldest first (its return to the insurer). */
  all(tx: MandateTransaction): Promise<SubjectRow[]> {
    return tx.query(`${SELECT_SUBJECT} ORDER BY s.created_at, s.id`);
  }

  /** The end of the mandate: every subject deleted; answers how many. */
  async deleteAllForEnd(tx: MandateTransaction): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await tx.query(
      `WITH d AS (DELETE FROM mandate.subject RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    return n;
  }
}
