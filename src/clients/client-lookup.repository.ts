import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { PrivacyScope } from '@app/privacy';
import type { ClientKind } from './client-row';

/** What a lookup hands back of a client: the fields every purpose may see, never a name or a PESEL. */
export interface ClientLookupRow {
  id: string;
  kind: ClientKind;
  status: 'active' | 'anonymised';
  restricted: boolean;
  created_at: string;
}

/** A name given word by word (each a LIKE prefix, already escaped), or a PESEL's blind index. */
export type ClientLookupKey = { namePrefixes: string[] } | { peselIndex: string };

/**
 * Finding a client's id by a name or a PESEL for a purpose that may search those fields but not read
 * them (the review of the record of operations): the searched columns appear only in WHERE.
 */
@Injectable()
export class ClientLookupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest clients first, at most `limit` rows; the caller checked the purpose may search by the key. */
  async findIds(_scope: PrivacyScope, key: ClientLookupKey, limit: number): Promise<ClientLookupRow[]> {
    const named: Record<string, unknown> = {};
    const conditions: string[] = [];
    if ('peselIndex' in key) {
      named.pesel = key.peselIndex;
      conditions.push('c.pesel_index = :pesel');
    } else {
      // Every word starts the first name, the last name or the company's name, with case and Polish
      // diacritics folded: the expressions of the name search indexes.
      key.namePrefixes.forEach((prefix, i) => {
        named[`w${i}`] = prefix;
        conditions.push(
          `(name_search_key(c.first_name) LIKE name_search_key(:w${i}) OR name_search_key(c.last_name) LIKE name_search_key(:w${i})
            OR (c.company_name IS NOT NULL AND name_search_key(c.company_name) LIKE name_search_key(:w${i})))`,
        );
      });
    }
    const { sql, params } = toPositional(
      `SELECT c.id::text AS id, c.kind, c.status, c.restricted,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
         FROM client c
        WHERE ${conditions.join(' AND ')}
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT ${Math.max(1, Math.floor(limit))}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }
}
