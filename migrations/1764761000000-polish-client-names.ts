import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Client names searched and sorted the Polish way.
 *
 * Search: `name_search_key` folds case and diacritics (ą→a … ż→z, and ł→l, which Unicode does not
 * decompose, so NFD-based folding and some `unaccent` rule files miss it). It is a plain
 * `translate` + `lower`, IMMUTABLE, so the prefix indexes below can hold it; the list folds the
 * typed query with the same function, so both sides always agree.
 *
 * Sort: the ICU collation for Polish puts Ł after L, Ś after S and Ź, Ż after Z. The order and the
 * cursor comparison use the same collated expression, so pages follow each other without gaps or
 * repeats, and the indexes let a page read only its own rows (one per portfolio team, and one for
 * purposes that see every client).
 */
export class PolishClientNames1764761000000 implements MigrationInterface {
  name = 'PolishClientNames1764761000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE COLLATION IF NOT EXISTS polish (provider = icu, locale = 'pl-PL')`);
    await q.query(`CREATE FUNCTION name_search_key(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN lower(translate(value,
        'ĄĆĘŁŃÓŚŹŻąćęłńóśźżÁÀÂÄÃÅÉÈÊËÍÌÎÏÒÔÖÕÚÙÛÜÝŸČĎĚŇŘŠŤŮŽÇÑáàâäãåéèêëíìîïòôöõúùûüýÿčďěňřšťůžçñ',
        'ACELNOSZZacelnoszzAAAAAAEEEEIIIIOOOOUUUUYYCDENRSTUZCNaaaaaaeeeeiiiioooouuuuyycdenrstuzcn'))`);
    await q.query(`DROP INDEX IF EXISTS client_last_name_idx`);
    await q.query(
      `CREATE INDEX client_last_name_search_idx ON client (name_search_key(last_name) text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX client_first_name_search_idx ON client (name_search_key(first_name) text_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX client_last_name_order_idx ON client ((coalesce(lower(last_name), '')) COLLATE polish, id)`,
    );
    await q.query(
      `CREATE INDEX client_team_last_name_order_idx ON client (team_id, (coalesce(lower(last_name), '')) COLLATE polish, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS client_team_last_name_order_idx`);
    await q.query(`DROP INDEX IF EXISTS client_last_name_order_idx`);
    await q.query(`DROP INDEX IF EXISTS client_first_name_search_idx`);
    await q.query(`DROP INDEX IF EXISTS client_last_name_search_idx`);
    await q.query(`CREATE INDEX client_last_name_idx ON client (lower(last_name) text_pattern_ops, id)`);
    await q.query(`DROP FUNCTION IF EXISTS name_search_key(text)`);
    await q.query(`DROP COLLATION IF EXISTS polish`);
  }
}
