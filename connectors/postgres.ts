// PostgreSQL (pg): UTC sessions, timestamps kept as text, server-side statement timeout, catalog introspection.
import type { Knex } from 'knex';
import type { ConnectionConfig } from './connector.js';
import { ConnectorError, noAnswerWithin } from './errors.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { offsetTextOf } from './time-zone.js';
import { listSchemaTables } from './catalog.js';
import { preparingClient, statementName, typeParserIn } from './postgres-driver.js';

const ERRORS: Record<string, [ConnectorError['code'], (config: ConnectionConfig, message: string) => string]> = {
  '28P01': ['db_auth_failed', (c) => `PostgreSQL refused the user "${c.user}" or its password: check both.`],
  '28000': ['db_auth_failed', (c, m) => `PostgreSQL does not let the user "${c.user}" in from here (${m}).`],
  '3D000': ['db_not_found', (c) => `There is no database named "${c.database}" on this PostgreSQL server.`],
  '3F000': ['db_not_found', (c) => `There is no schema named "${String(c.options?.schema)}" in this database.`],
  '57014': ['db_timeout', (c) => noAnswerWithin(c.queryTimeoutMs)],
  '53300': ['db_unavailable', () => 'The PostgreSQL server has too many connections open; try again shortly.'],
  '57P03': ['db_unavailable', () => 'The PostgreSQL server is starting up or shutting down; try again shortly.'],
};

export const postgresQuirks: DialectQuirks = {
  dialect: 'postgres',
  supportsReturning: true,
  // The server cancels a statement itself (statement_timeout), without a second connection to send a cancel.
  cancelsOnTimeout: false,
  readOnlySessions: true,
  preparesStatements: true,
  lookupPlan: 'match-within-union',
  clockSql: 'select floor(extract(epoch from clock_timestamp()) * 1000) as now',
  // The server's own setting, not the session's (which Deskbridge sets to UTC).
  serverTimeZoneSql: "select reset_val as zone from pg_settings where name = 'TimeZone'",

  directStatements: {
    beginReadOnly: 'begin read only',
    async run(connection, _knex, text, bindings) {
      const name = statementName(text);
      return (connection as { query(config: object): Promise<{ rows: unknown[] }> }).query({ text, values: bindings, ...(name ? { name } : {}) });
    },
  },

  knexConfig(config: ConnectionConfig, access): Knex.Config {
    const ssl = config.options?.ssl;
    const schema = config.options?.schema;
    const readOnly = access === 'read-only' ? 'on' : 'off';
    return {
      client: preparingClient(),
      connection: {
        host: config.host ?? '127.0.0.1',
        port: config.port ?? 5432,
        user: config.user,
        password: config.password,
        database: config.database,
        ssl: ssl ? (typeof ssl === 'object' ? ssl : { rejectUnauthorized: true }) : false,
        application_name: typeof config.options?.applicationName === 'string' ? config.options.applicationName : 'Deskbridge',
        connectionTimeoutMillis: Math.max(config.queryTimeoutMs, 1000),
        options: `-c TimeZone=UTC -c statement_timeout=${config.queryTimeoutMs} -c default_transaction_read_only=${readOnly}`,
        types: { getTypeParser: typeParserIn(config.timeZone ?? 'UTC') },
      } as Knex.PgConnectionConfig,
      ...(typeof schema === 'string' ? { searchPath: [schema] } : {}),
      pool: { min: 0, max: config.pool.max },
    };
  },

  // Local time with its offset: a `timestamp` column keeps the local time, a `timestamptz` the instant,
  // so one text serves both, and the column's type need not be known.
  bindDate: (date, zone) => offsetTextOf(date.getTime(), zone),

  whereInIgnoringCase(builder, column, values) {
    builder.whereRaw(`lower(??) in (${values.map(() => 'lower(?)').join(', ')})`, [column, ...values]);
  },

  // pg's DatabaseError is the server's ErrorResponse; a FATAL or PANIC one ends the session, whose fate is unclear.
  refusedByDatabase(error) {
    const { severity, code } = error as { severity?: unknown; code?: unknown };
    return typeof severity === 'string' && severity !== 'FATAL' && severity !== 'PANIC' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  },

  classifyError(error, config) {
    const code = String((error as { code?: unknown }).code ?? '');
    const message = String((error as Error).message ?? '');
    if (/does not support SSL|no encryption|SSL (off|required)|self[- ]signed|certificate/i.test(message)) {
      return new ConnectorError('db_tls', `The encrypted (TLS) connection failed: ${message}`, { cause: error });
    }
    const known = ERRORS[code];
    if (known) return new ConnectorError(known[0], known[1](config, message), { cause: error });
    // pg's own connect timeout (connectionTimeoutMillis): the server accepted TCP but never completed the handshake.
    if (message === 'timeout expired') {
      return new ConnectorError('db_unreachable', `${config.host ?? 'localhost'}:${config.port ?? 5432} did not complete a connection within ${(Math.max(config.queryTimeoutMs, 1000) / 1000).toFixed(1)} s.`, { cause: error });
    }
    return undefined;
  },

  listTables: (knex) => listSchemaTables(knex, { currentSchema: 'current_schema()', withSchema: true }),

  async describeColumns(knex, table) {
    const { rows } = await knex.raw(`
      select c.column_name as name, c.data_type as type, c.is_nullable = 'YES' as nullable,
        exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indisprimary and i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
          and a.attname = c.column_name) as primary_key
      from information_schema.columns c
      where c.table_schema = current_schema() and c.table_name = ? order by c.ordinal_position`, [table]) as
      { rows: Array<{ name: string; type: string; nullable: boolean; primary_key: boolean }> };
    if (rows.length === 0) throw new ConnectorError('db_query_failed', `There is no table or view named "${table}".`);
    return rows.map((row) => ({ name: row.name, type: row.type, nullable: row.nullable && !row.primary_key, primaryKey: row.primary_key }));
  },

  async listIndexes(knex, table) {
    const { rows } = await knex.raw(`
      select ic.relname as name, i.indisunique as unique,
        array(select coalesce(a.attname::text, '(expression)') from unnest(i.indkey) with ordinality k(attnum, position)
          left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.position) as columns
      from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = ? order by ic.relname`, [table]) as
      { rows: Array<{ name: string; unique: boolean; columns: string[] }> };
    return rows.map((row) => ({ name: row.name, unique: row.unique, columns: row.columns }));
  },
};
