// MySQL and MariaDB (mysql2): utf8mb4, UTC sessions, dates read as text, introspection via information_schema.
import type { Knex } from 'knex';
import type { ConnectionConfig } from './connector.js';
import { ConnectorError, noAnswerWithin } from './errors.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { localTextOf } from './time-zone.js';
import { groupIndexColumns, listSchemaTables } from './catalog.js';
import { type MysqlConnection, type NewSession, setUpSession, stopsStatementsItself, typeCastIn } from './mysql-driver.js';

const ERRORS: Record<string, [ConnectorError['code'], (config: ConnectionConfig) => string]> = {
  ER_ACCESS_DENIED_ERROR: ['db_auth_failed', (c) => `MySQL refused the user "${c.user}" or its password: check both.`],
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: ['db_auth_failed', (c) => `MySQL wants a password for the user "${c.user}".`],
  ER_DBACCESS_DENIED_ERROR: ['db_auth_failed', (c) => `The user "${c.user}" may not open the database "${c.database}".`],
  ER_BAD_DB_ERROR: ['db_not_found', (c) => `There is no database named "${c.database}" on this MySQL server.`],
  ER_SECURE_TRANSPORT_REQUIRED: ['db_tls', () => 'The MySQL server requires an encrypted (TLS) connection: turn on SSL.'],
  HANDSHAKE_NO_SSL_SUPPORT: ['db_tls', () => 'The MySQL server does not offer encryption (TLS): turn SSL off or enable it on the server.'],
  ER_CON_COUNT_ERROR: ['db_unavailable', () => 'The MySQL server has too many connections open; try again shortly.'],
  ER_QUERY_INTERRUPTED: ['db_timeout', () => 'The query ran past its time limit and was cancelled.'],
  ER_QUERY_TIMEOUT: ['db_timeout', (c) => noAnswerWithin(c.queryTimeoutMs)],
};

/** MariaDB's "max_statement_time exceeded", which mysql2 has no name for. */
const MARIADB_STATEMENT_TIMEOUT = 1969;

export const mysqlQuirks: DialectQuirks = {
  dialect: 'mysql',
  // MySQL reports only auto-increment ids; Knex returns that id for a single-row insert.
  supportsReturning: false,
  cancelsOnTimeout: true,
  readOnlySessions: true,
  lookupPlan: 'union-with-match-per-column',
  // The session's zone is UTC, in which unix_timestamp reads current_timestamp right.
  clockSql: 'select round(unix_timestamp(current_timestamp(3)) * 1000) as now',
  serverTimeZoneSql: 'select @@global.time_zone as zone, @@system_time_zone as system_zone',

  directStatements: {
    beginReadOnly: 'start transaction read only',
    // Read-only sessions stop a statement at the query timeout themselves (see knexConfig).
    run(connection, _knex, sql, bindings) {
      return new Promise((resolve, reject) => {
        (connection as MysqlConnection).query(sql, bindings, (error, rows) => (error ? reject(error) : resolve(rows)));
      });
    },
    stop(knex, connection) {
      if (stopsStatementsItself(connection)) return;
      // As Knex cancels its own queries: KILL QUERY from a connection of its own, as the pool may be full.
      const client = knex.client as { cancelQuery(connection: unknown): Promise<unknown> };
      client.cancelQuery(connection).catch(() => {});
    },
  },

  knexConfig(config: ConnectionConfig, access): Knex.Config {
    const ssl = config.options?.ssl;
    return {
      client: 'mysql2',
      connection: {
        host: config.host ?? '127.0.0.1',
        port: config.port ?? 3306,
        user: config.user,
        password: config.password,
        database: config.database,
        charset: 'utf8mb4',
        supportBigNumbers: true,
        bigNumberStrings: true,
        decimalNumbers: false,
        connectTimeout: Math.max(config.queryTimeoutMs, 1000),
        typeCast: typeCastIn(config.timeZone ?? 'UTC'),
        ...(ssl ? { ssl: typeof ssl === 'object' ? ssl : {} } : {}),
      },
      pool: {
        min: 0,
        max: config.pool.max,
        afterCreate: (connection: NewSession, done: (error: Error | null, connection: unknown) => void) => setUpSession(connection, config, access, done),
      },
    };
  },

  // A DATETIME holds local time in the connection's zone; a TIMESTAMP is read in the session's zone, UTC.
  bindDate: (date, zone, zoned) => localTextOf(date.getTime(), zoned ? 'UTC' : zone),
  isZonedColumnType: (type) => /^timestamp\b/i.test(type),

  whereInIgnoringCase(builder, column, values) {
    // utf8mb4 default collations compare without case, so a plain IN keeps the index usable.
    builder.whereIn(column, values);
  },

  // A server error packet carries a SQLSTATE; mysql2 marks a broken connection `fatal`.
  refusedByDatabase(error) {
    const { sqlState, fatal } = error as { sqlState?: unknown; fatal?: unknown };
    return typeof sqlState === 'string' && fatal !== true;
  },

  classifyError(error, config) {
    const code = String((error as { code?: unknown }).code ?? '');
    if ((error as { errno?: unknown }).errno === MARIADB_STATEMENT_TIMEOUT) return new ConnectorError('db_timeout', ERRORS.ER_QUERY_TIMEOUT![1](config), { cause: error });
    const known = ERRORS[code];
    if (known) return new ConnectorError(known[0], known[1](config), { cause: error });
    if (/ssl|tls/i.test(String((error as Error).message)) && code !== 'ER_PARSE_ERROR') {
      return new ConnectorError('db_tls', `The encrypted (TLS) connection failed: ${(error as Error).message}`, { cause: error });
    }
    return undefined;
  },

  listTables: (knex) => listSchemaTables(knex, { currentSchema: 'database()' }),

  async describeColumns(knex, table) {
    const rows: Array<{ name: string; type: string; nullable: string; columnKey: string }> = await knex('information_schema.columns')
      .select({ name: 'column_name', type: 'column_type', nullable: 'is_nullable', columnKey: 'column_key' })
      .whereRaw('table_schema = database()').andWhere('table_name', table).orderBy('ordinal_position');
    if (rows.length === 0) throw new ConnectorError('db_query_failed', `There is no table or view named "${table}".`);
    return rows.map((row) => ({ name: row.name, type: row.type, nullable: row.nullable === 'YES', primaryKey: row.columnKey === 'PRI' }));
  },

  async listIndexes(knex, table) {
    const rows: Array<{ name: string; column: string | null; nonUnique: number | string }> = await knex('information_schema.statistics')
      .select({ name: 'index_name', column: 'column_name', nonUnique: 'non_unique' })
      .whereRaw('table_schema = database()').andWhere('table_name', table).orderBy([{ column: 'index_name' }, { column: 'seq_in_index' }]);
    return groupIndexColumns(rows.map((row) => ({ name: row.name, column: row.column ?? '(expression)', unique: Number(row.nonUnique) === 0 })));
  },
};
