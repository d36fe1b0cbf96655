// The SQL Server catalog the mssql connector reads (INFORMATION_SCHEMA and sys views), as SQLite temp views.
import type { Database } from 'better-sqlite3';

/** A stable object id for a table name, as object_id() gives one ('dbo.' and brackets ignored). */
function objectId(name: unknown): number | null {
  if (typeof name !== 'string') return null;
  const bare = name.replace(/[[\]"]/g, '').replace(/^dbo\./i, '').toLowerCase();
  let hash = 7;
  for (const char of bare) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_011;
  return hash;
}

const TABLES = "select name, type from main.sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'";

const VIEWS: Record<string, string> = {
  information_schema_tables: `select 'dbo' as TABLE_SCHEMA, name as TABLE_NAME,
    case type when 'view' then 'VIEW' else 'BASE TABLE' end as TABLE_TYPE from (${TABLES})`,
  information_schema_columns: `select 'dbo' as TABLE_SCHEMA, t.name as TABLE_NAME, c.name as COLUMN_NAME,
    lower(case when instr(c.type, '(') > 0 then substr(c.type, 1, instr(c.type, '(') - 1) else c.type end) as DATA_TYPE,
    case when c."notnull" or c.pk then 'NO' else 'YES' end as IS_NULLABLE, c.cid + 1 as ORDINAL_POSITION
    from (${TABLES}) t join pragma_table_info(t.name, 'main') c`,
  information_schema_table_constraints: `select distinct 'dbo' as TABLE_SCHEMA, t.name as TABLE_NAME, 'PK_' || t.name as CONSTRAINT_NAME,
    'PRIMARY KEY' as CONSTRAINT_TYPE from (${TABLES}) t join pragma_table_info(t.name, 'main') c where c.pk > 0`,
  information_schema_key_column_usage: `select 'dbo' as TABLE_SCHEMA, t.name as TABLE_NAME, 'PK_' || t.name as CONSTRAINT_NAME,
    c.name as COLUMN_NAME, c.pk as ORDINAL_POSITION from (${TABLES}) t join pragma_table_info(t.name, 'main') c where c.pk > 0`,
  sys_indexes: `select object_id(t.name) as object_id, i.seq + 1 as index_id,
    case i.origin when 'pk' then 'PK_' || t.name else i.name end as name, i."unique" as is_unique
    from (${TABLES}) t join pragma_index_list(t.name, 'main') i`,
  sys_index_columns: `select object_id(t.name) as object_id, i.seq + 1 as index_id, k.seqno + 1 as key_ordinal,
    k.cid + 1 as column_id, 0 as is_included_column
    from (${TABLES}) t join pragma_index_list(t.name, 'main') i join pragma_index_info(i.name, 'main') k`,
  sys_columns: `select object_id(t.name) as object_id, c.cid + 1 as column_id, c.name as name
    from (${TABLES}) t join pragma_table_info(t.name, 'main') c`,
};

/** Registers the functions and views; they read the live schema, so later DDL shows up. */
export function installCatalog(database: Database): void {
  database.function('object_id', { deterministic: true }, objectId);
  database.function('schema_name', { deterministic: true }, () => 'dbo');
  database.function('db_name', { deterministic: true }, () => 'crm');
  for (const [name, sql] of Object.entries(VIEWS)) database.exec(`create temp view ${name} as ${sql}`);
}
