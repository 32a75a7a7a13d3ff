import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A member of a mandate as stored: a staff member who may reach its data. */
export interface MandateMemberRow {
  mandate_id: string;
  staff_id: string;
  added_at: string;
}

export interface MandateMember {
  mandateId: string;
  staffId: string;
  /** ISO timestamp */
  addedAt: string;
}

function toMember(row: MandateMemberRow): MandateMember {
  return { mandateId: row.mandate_id, staffId: row.staff_id, addedAt: row.added_at };
}

/** The `mandate_member` table (main schema). */
@Injectable()
export class MandateMemberRepository {
  /** The members' staff ids of the mandate under `mandateAlias`, as an array column. */
  membersColumnSql(mandateAlias: string): string {
    return `ARRAY(SELECT mm.staff_id::text FROM mandate_member mm WHERE mm.mandate_id = ${mandateAlias}.id ORDER BY mm.added_at, mm.staff_id)`;
  }

  /** Whether the staff member (`staffParam`, e.g. `$2`) is a member of the mandate under `mandateAlias`. */
  isMemberSql(mandateAlias: string, staffParam: string): string {
    return `EXISTS (SELECT 1 FROM mandate_member mm WHERE mm.mandate_id = ${mandateAlias}.id AND mm.staff_id = ${staffParam})`;
  }

  /** Adds the member (once); answers the membership as stored. */
  async add(
    manager: EntityManager,
    mandateId: string,
    staffId: string,
    addedBy: string,
  ): Promise<MandateMember> {
    await manager.query(
      `INSERT INTO mandate_member (mandate_id, staff_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [mandateId, staffId, addedBy],
    );
    const [row]: MandateMemberRow[] = await manager.query(
      `SELECT mandate_id::text, staff_id::text,
              to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS added_at
         FROM mandate_member WHERE mandate_id = $1 AND staff_id = $2`,
      [mandateId, staffId],
    );
    return toMember(row);
  }
}
