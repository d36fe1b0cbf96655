// What the information_schema catalogue answers alike on MySQL, PostgreSQL and SQL Server; each dialect names only
// its current schema, and how its index rows read.
import type { Knex } from 'knex';
import type { IndexInfo, TableInfo } from './connector.js';

export interface SchemaTablesOptions {
  /** The dialect's SQL for the schema a session reads unqualified names from: `database()`, `current_schema()`… */
  currentSchema: string;
  /** Whether the catalogue's names are written in capitals (SQL Server, whose server collation may be case-sensitive). */
  capitals?: boolean;
  /** Whether each table says its schema (where a database has several). */
  withSchema?: boolean;
}

/** The tables and views of the session's current schema, by name. */
export async function listSchemaTables(knex: Knex, options: SchemaTablesOptions): Promise<TableInfo[]> {
  const named = (name: string) => (options.capitals ? name.toUpperCase() : name);
  const columns: Record<string, string> = { name: named('table_name'), type: named('table_type') };
  if (options.withSchema) columns.schema = named('table_schema');
  const rows: Array<{ name: string; type: string; schema?: string }> = await knex(named('information_schema.tables'))
    .select(columns).whereRaw(`${named('table_schema')} = ${options.currentSchema}`).orderBy(named('table_name'));
  return rows.map((row) => ({ ...(options.withSchema ? { schema: row.schema } : {}), name: row.name, kind: row.type === 'VIEW' ? 'view' : 'table' }));
}

/** Indexes from one row per (index, column), the rows of an index together and in key order. */
export function groupIndexColumns(rows: Array<{ name: string; column: string; unique: boolean }>): IndexInfo[] {
  const indexes = new Map<string, IndexInfo>();
  for (const row of rows) {
    const index = indexes.get(row.name) ?? { name: row.name, columns: [], unique: row.unique };
    index.columns.push(row.column);
    indexes.set(row.name, index);
  }
  return [...indexes.values()];
}
