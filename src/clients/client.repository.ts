import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { PreparedStatements } from '@app/common/database/prepared';
import { ConditionTranslator, PrivacyScope } from '@app/privacy';
import { ConsentsService } from '../consents';
import { CREATED_AT, clientPageSql } from './client-page.sql';
import { ClientListFilter, ClientRecordForSubject, ClientRow, NewClientRow } from './client-row';

export type { ClientListFilter, ClientRecordForSubject, ClientRow, NewClientRow } from './client-row';
export { CLIENT_COLUMNS } from './client-row';

/**
 * The `client` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; work done without a purpose (erasure, retention, seeding) says so in the method's name.
 */
@Injectable()
export class ClientRepository {
  /** A client's read and the list's pages run prepared: both are on the path of most requests. */
  private readonly prepared: PreparedStatements;
  private findSql?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: ConsentsService,
    private readonly cipher: FieldCipher,
  ) {
    this.prepared = new PreparedStatements(dataSource);
  }

  private selectSql(extra = ''): string {
    return `SELECT c.id, c.status, c.kind, c.company_name, c.nip, c.regon, c.krs, c.first_name, c.last_name, c.email, c.phone, c.address,
    to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.pesel_cipher, c.language, c.restricted, c.erasure_refused, c.team_id,
    ${CREATED_AT} AS created_at, ${this.consents.activeConsentsColumnSql('c')} AS active_consents${extra}
  FROM client c`;
  }

  /** SQL translations of the registry's client conditions over a client alias. */
  translators(alias = 'c'): Record<string, ConditionTranslator> {
    return {
      restricted: (value, param) => `${alias}.restricted = ${param(Boolean(value))}`,
      erasureRefused: (value, param) => `${alias}.erasure_refused = ${param(Boolean(value))}`,
      activeConsents: this.consents.activeConsentSql(alias),
      // Not a registry condition: the scope adds it for portfolio-bound purposes.
      portfolio: (value, param) => {
        const { teams, clients } = value as { teams: string[]; clients: string[] };
        // One team (the usual case) as an equality, so the (team_id, created_at) index keeps the
        // list's order and a page reads only its own rows.
        const team =
          teams.length === 0
            ? 'FALSE'
            : teams.length === 1
              ? `${alias}.team_id = ${param(teams[0])}::uuid`
              : `${alias}.team_id = ANY(${param(teams)}::uuid[])`;
        return clients.length === 0 ? team : `(${team} OR ${alias}.id = ANY(${param(clients)}::uuid[]))`;
      },
    };
  }

  /**
   * The client table as a FROM item or a join, for statements that must stay one (a fan-out, a
   * sweep, a list joined to its clients). Callers apply visibility with `translators` and read
   * only the flags (`id`, `status`, `restricted`, `erasure_refused`, `last_activity_at`) and the
   * contact columns their purpose's audience selection names.
   */
  fromSql(alias: string): string {
    return `client ${alias}`;
  }

  joinSql(alias: string, onColumn: string): string {
    return `JOIN client ${alias} ON ${alias}.id = ${onColumn}`;
  }

  /** One client as stored (the caller projects it through the scope); optionally locked. */
  async find(
    _scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<ClientRow | null> {
    if (!manager && !lock) {
      this.findSql ??= `${this.selectSql()} WHERE c.id = $1`;
      const [row] = await this.prepared.query<ClientRow>(this.findSql, [id]);
      return row ?? null;
    }
    const rows: ClientRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A page of clients visible under the scope, filtered in SQL by the same rules as in memory. */
  async page(scope: PrivacyScope, filter: ClientListFilter): Promise<ClientRow[]> {
    const translators = this.translators('c');
    const visibility = [
      scope.visibleSql('Client', translators),
      ...[...new Set(filter.filteredFields)].map((field) => scope.visibleSql('Client', translators, field)),
    ];
    const { sql, params } = clientPageSql((extra) => this.selectSql(extra), visibility, filter);
    return this.prepared.query<ClientRow>(sql, params);
  }

  async insert(row: NewClientRow, manager: EntityManager): Promise<string> {
    const [inserted]: Array<{ id: string }> = await manager.query(
      `INSERT INTO client (first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, source, created_by, team_id,
                           kind, company_name, nip, regon, krs, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
      [
        ...personalValues(row),
        row.source,
        row.createdBy,
        row.teamId,
        row.company ? 'company' : 'person',
        row.company?.companyName ?? null,
        row.company?.nip ?? null,
        row.company?.regon ?? null,
        row.company?.krs ?? null,
        row.language ?? 'pl',
      ],
    );
    return inserted.id;
  }

  /**
   * Inserts many clients in one statement (a book import); answers each new id by its PESEL's
   * keyed hash, which every imported person has.
   */
  async insertMany(rows: NewClientRow[], manager: EntityManager): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const column = (pick: (row: NewClientRow) => unknown) => rows.map(pick);
    const inserted: Array<{ id: string; pesel_index: string }> = await manager.query(
      `INSERT INTO client (first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, source, created_by, team_id)
       SELECT r.first_name, r.last_name, r.email, r.phone, r.address::jsonb, r.date_of_birth, r.pesel_cipher, r.pesel_index, r.source, r.created_by, r.team_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::uuid[])
           AS r(first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, source, created_by, team_id)
       RETURNING id::text, pesel_index`,
      [
        column((r) => r.firstName),
        column((r) => r.lastName),
        column((r) => r.email),
        column((r) => r.phone),
        column((r) => (r.address ? JSON.stringify(r.address) : null)),
        column((r) => r.dateOfBirth),
        column((r) => r.peselCipher),
        column((r) => r.peselIndex),
        column((r) => r.source),
        column((r) => r.createdBy),
        column((r) => r.teamId),
      ],
    );
    return new Map(inserted.map((r) => [r.pesel_index, r.id]));
  }

  /** The clients holding these PESELs (by keyed hash), without a purpose: ids, teams and status only. */
  async holdersOfPesels(
    peselIndexes: string[],
    manager?: EntityManager,
  ): Promise<Array<{ id: string; peselIndex: string; teamId: string | null; status: ClientRow['status'] }>> {
    if (peselIndexes.length === 0) return [];
    return (manager ?? this.dataSource.manager).query(
      `SELECT id::text, pesel_index AS "peselIndex", team_id::text AS "teamId", status
         FROM client WHERE pesel_index = ANY($1::text[])`,
      [peselIndexes],
    );
  }

  /** The portfolio (team) of each client, without a purpose: ids only, for the scope's check. */
  async teamsOf(clientIds: string[], manager?: EntityManager): Promise<Map<string, string | null>> {
    const rows: Array<{ id: string; team_id: string | null }> = await (
      manager ?? this.dataSource.manager
    ).query(`SELECT id::text, team_id::text FROM client WHERE id = ANY($1::uuid[])`, [clientIds]);
    return new Map(rows.map((r) => [r.id, r.team_id]));
  }

  /** Moves a client to another team's portfolio; answers the team it left (undefined: no such client). */
  async moveToTeam(
    clientId: string,
    teamId: string,
    manager: EntityManager,
  ): Promise<string | null | undefined> {
    const [row]: Array<{ team_id: string | null }> = await manager.query(
      `SELECT team_id::text FROM client WHERE id = $1 FOR UPDATE`,
      [clientId],
    );
    if (!row) return undefined;
    await manager.query(`UPDATE client SET team_id = $2, updated_at = now() WHERE id = $1`, [
      clientId,
      teamId,
    ]);
    return row.team_id;
  }

  /** Demo data: places the seeded clients of a source into teams, by the given split. */
  async placeSeededInTeams(source: string, teamIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE client c SET team_id = ($2::uuid[])[1 + (x.n % array_length($2::uuid[], 1))]
         FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM client WHERE source = $1) x
        WHERE c.id = x.id AND c.team_id IS NULL`,
      [source, teamIds],
    );
  }

  /** Sets the given columns (names from CLIENT_COLUMNS or the PESEL pair) and marks activity. */
  async update(id: string, columns: Record<string, unknown>, manager: EntityManager): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of Object.entries(columns)) {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    values.push(id);
    await manager.query(
      `UPDATE client SET ${[...sets, 'updated_at = now()', 'last_activity_at = now()'].join(', ')} WHERE id = $${values.length}`,
      values,
    );
  }

  /** The status, locking the row against erasure until the caller's write commits. */
  async lockStatus(clientId: string, manager: EntityManager): Promise<ClientRow['status'] | null> {
    const [row]: Array<{ status: ClientRow['status'] }> = await manager.query(
      `SELECT status FROM client WHERE id = $1 FOR NO KEY UPDATE`,
      [clientId],
    );
    return row?.status ?? null;
  }

  /** The status of a client, without a purpose (no personal value). */
  async statusWithoutPurpose(clientId: string, manager?: EntityManager): Promise<ClientRow['status'] | null> {
    const [row]: Array<{ status: ClientRow['status'] }> = await (manager ?? this.dataSource.manager).query(
      `SELECT status FROM client WHERE id = $1`,
      [clientId],
    );
    return row?.status ?? null;
  }

  async touch(clientId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE client SET last_activity_at = now() WHERE id = $1`, [clientId]);
  }

  /** The client holding the PESEL (by its keyed hash), other than `exceptId`; without a purpose. */
  async holderOfPesel(
    manager: EntityManager,
    peselIndex: string,
    exceptId: string | null,
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id::text FROM client WHERE pesel_index = $1 AND id IS DISTINCT FROM $2::uuid`,
      [peselIndex, exceptId],
    );
    return rows[0]?.id ?? null;
  }

  /** Whether the person objected to marketing (art. 21), locking the row for the caller's write. */
  async lockObjectedToMarketing(clientId: string, manager: EntityManager): Promise<boolean> {
    const [row]: Array<{ objected_to_marketing: boolean }> = await manager.query(
      `SELECT objected_to_marketing FROM client WHERE id = $1 FOR UPDATE`,
      [clientId],
    );
    return row?.objected_to_marketing ?? false;
  }

  async markObjectedToMarketing(clientId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE client SET objected_to_marketing = true, updated_at = now() WHERE id = $1`, [
      clientId,
    ]);
  }

  /** Everything stored about the person, for their own request (data_subject_rights). */
  async recordForDataSubject(
    clientId: string,
    manager?: EntityManager,
  ): Promise<ClientRecordForSubject | null> {
    const [row]: ClientRecordForSubject[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, status, first_name, last_name, email, phone, address, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              pesel_cipher, language, restricted, objected_to_marketing, source, created_by, created_at, last_activity_at, anonymised_at
         FROM client WHERE id = $1`,
      [clientId],
    );
    return row ?? null;
  }

  /** Erasure, without a purpose: every personal value goes, the id stays; answers whom it erased. */
  async anonymiseForErasure(clientIds: string[], manager: EntityManager): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE client SET status = 'anonymised', first_name = NULL, last_name = NULL, email = NULL, phone = NULL,
              address = NULL, date_of_birth = NULL, pesel_cipher = NULL, pesel_index = NULL,
              erasure_refused = false, anonymised_at = now(), updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'active'
        RETURNING id`,
      [clientIds],
    );
    return rows.map((r) => r.id);
  }

  async restrictWithoutPurpose(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE client SET restricted = true, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [clientIds],
    );
  }

  async refuseErasureWithoutPurpose(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE client SET erasure_refused = true, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [clientIds],
    );
  }

  /** A company client by its NIP, without a purpose (register data, not personal data). */
  async companyByNipWithoutPurpose(nip: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id::text FROM client WHERE kind = 'company' AND nip = $1 ORDER BY created_at LIMIT 1`,
      [nip],
    );
    return rows[0]?.id ?? null;
  }

  /** Demo data: how many clients a seed of this source already made. */
  async countSeeded(source: string): Promise<number> {
    const [{ count }]: Array<{ count: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM client WHERE source = $1`,
      [source],
    );
    return count;
  }

  /** Demo data: active clients a seed of this source made, by e-mail then id. */
  async seededIdsWithoutPurpose(source: string, limit: number, manager: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM client WHERE source = $1 AND status = 'active' ORDER BY email, id LIMIT $2`,
      [source, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Demo data: one client as a seed makes it, created and last active `ageDays` ago. */
  async insertSeed(
    row: Omit<NewClientRow, 'createdBy' | 'teamId'> & { restricted: boolean; ageDays: number },
    manager: EntityManager,
  ): Promise<string> {
    const [inserted]: Array<{ id: string }> = await manager.query(
      `INSERT INTO client (first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, restricted, source, created_at, last_activity_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10, now() - ($11 || ' days')::interval, now() - ($11 || ' days')::interval) RETURNING id`,
      [...personalValues(row), row.restricted, row.source, String(row.ageDays)],
    );
    return inserted.id;
  }
}

/** The personal columns of a new client, in the order both inserts name them. */
function personalValues(row: Omit<NewClientRow, 'source' | 'createdBy' | 'teamId'>): unknown[] {
  return [
    row.firstName,
    row.lastName,
    row.email,
    row.phone,
    row.address ? JSON.stringify(row.address) : null,
    row.dateOfBirth,
    row.peselCipher,
    row.peselIndex,
  ];
}
