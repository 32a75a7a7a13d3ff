import { startTestApp, TestApp } from './support/test-app';

/**
 * Entities are kept only where a module uses them for simple CRUD; every other table is reached by
 * its owner's repository in SQL. A registered entity must describe its table exactly as the
 * hand-written migrations made it, or TypeORM would read and write columns that are not there.
 */

// information_schema names for the column types the entities use.
const SQL_TYPE: Record<string, string> = {
  text: 'text',
  uuid: 'uuid',
  boolean: 'boolean',
  integer: 'integer',
  int: 'integer',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
  date: 'date',
};

interface SchemaColumn {
  column_name: string;
  data_type: string;
  udt_name: string;
  column_default: string | null;
  is_nullable: 'YES' | 'NO';
}

describe('registered entities match the migrated database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers only the entity used for simple CRUD: consent', () => {
    expect(t.db.entityMetadatas.map((m) => m.tableName).sort()).toEqual(['consent']);
  });

  it('every registered entity names an existing table and each of its columns with the same type and nullability', async () => {
    const mismatches: string[] = [];
    for (const meta of t.db.entityMetadatas) {
      const schema = meta.schema ?? 'public';
      const rows: SchemaColumn[] = await t.db.query(
        `SELECT column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
        [schema, meta.tableName],
      );
      if (rows.length === 0) {
        mismatches.push(`${meta.name}: table ${schema}.${meta.tableName} does not exist`);
        continue;
      }
      const byName = new Map(rows.map((r) => [r.column_name, r]));
      // A required column the entity does not know would make every insert through it fail.
      const known = new Set(meta.columns.map((c) => c.databaseName));
      for (const row of rows) {
        if (!known.has(row.column_name) && row.is_nullable === 'NO' && row.column_default === null)
          mismatches.push(
            `${meta.name}: required column ${meta.tableName}.${row.column_name} is missing from the entity`,
          );
      }
      for (const column of meta.columns) {
        const found = byName.get(column.databaseName);
        const where = `${meta.name}.${column.propertyName} (${meta.tableName}.${column.databaseName})`;
        if (!found) {
          mismatches.push(`${where}: no such column`);
          continue;
        }
        const elementType = SQL_TYPE[String(column.type)] ?? String(column.type);
        // An array column is reported as ARRAY, its element type only in udt_name (`_uuid`, `_text`).
        const databaseType =
          found.data_type === 'ARRAY' ? `${found.udt_name.replace(/^_/, '')}[]` : found.data_type;
        const expectedType = column.isArray ? `${String(column.type)}[]` : elementType;
        if (databaseType !== expectedType)
          mismatches.push(`${where}: entity ${expectedType}, database ${databaseType}`);
        const nullable = found.is_nullable === 'YES';
        if (nullable !== column.isNullable)
          mismatches.push(`${where}: entity nullable=${column.isNullable}, database nullable=${nullable}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
