// What the mysql2 driver is handed: date columns read as text in the connection's zone, and each session's settings.
import type { ConnectionConfig } from './connector.js';
import type { SessionAccess } from './dialect-quirks.js';
import { dateOnly, DriverDate, isoFromDatabaseText } from './driver-values.js';

interface TypeCastField { type: string; string(): string | null }
export interface MysqlConnection { query(sql: string, bindings: unknown[], done: (error: Error | null, rows?: unknown) => void): void }
/** A new session as the pool hands it to afterCreate: settings are sent without bindings. */
export interface NewSession { query(sql: string, done: (error: Error | null) => void): void }

/**
 * DATETIME, TIMESTAMP and DATE as their exact text (no JavaScript Date, so no lost microseconds). DATETIME and DATE
 * hold no zone: they are local time in the connection's zone. TIMESTAMP comes out in the session's zone, UTC.
 */
export function typeCastIn(zone: string) {
  return (field: TypeCastField, next: () => unknown): unknown => {
    if (field.type !== 'DATETIME' && field.type !== 'TIMESTAMP' && field.type !== 'DATE') return next();
    const text = field.string();
    if (text === null) return null;
    if (field.type === 'DATE') return dateOnly(text, zone);
    return new DriverDate(isoFromDatabaseText(text, field.type === 'DATETIME' ? zone : 'UTC'), text);
  };
}

/** Marks a session whose server cannot stop a statement at the query timeout by itself. */
const UNSTOPPED = Symbol('no server-side statement timeout');
type Session = { [UNSTOPPED]?: true };

/** Whether the server stops this session's statements at the query timeout itself (false before MySQL 5.7.8, MariaDB 10.1). */
export function stopsStatementsItself(connection: unknown): boolean {
  return !(connection as Session)[UNSTOPPED];
}

/** IN lists at least this long are estimated from index statistics rather than by probing the index per value. */
const INDEX_DIVE_LIMIT = 10;

function run(connection: NewSession, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.query(sql, (error) => (error ? reject(error) : resolve())));
}

async function settle(connection: NewSession, config: ConnectionConfig, access: SessionAccess): Promise<void> {
  // TIMESTAMP columns come out in the session zone: make it UTC. Reads cannot write by accident.
  await run(connection, `SET time_zone = '+00:00'`);
  await run(connection, `SET SESSION TRANSACTION ${access === 'read-only' ? 'READ ONLY' : 'READ WRITE'}`);
  // A phone lookup is an IN of 25 or more forms per column. By default the optimizer first probes the index once
  // per form to estimate the rows (an "index dive"), which cost more than the lookup itself on MariaDB 10.11
  // (docs/PERFORMANCE.md). Servers without the setting keep their own way.
  await run(connection, `SET SESSION eq_range_index_dive_limit = ${INDEX_DIVE_LIMIT}`).catch(() => {});
  if (access !== 'read-only') return;
  // Reads stop on the server at the query timeout (kept lookups run without Knex's timer and its KILL QUERY):
  // MariaDB's max_statement_time, MySQL's max_execution_time; each ignores the other's.
  const mariadb = await run(connection, `SET SESSION max_statement_time = ${config.queryTimeoutMs / 1000}`).then(() => true, () => false);
  const mysql = await run(connection, `SET SESSION max_execution_time = ${config.queryTimeoutMs}`).then(() => true, () => false);
  // Neither (MySQL before 5.7.8, MariaDB before 10.1): the connector kills what a caller gave up on.
  if (!mariadb && !mysql) (connection as Session)[UNSTOPPED] = true;
}

/** The pool's afterCreate: a new session's zone, access and statement time limit. */
export function setUpSession(connection: NewSession, config: ConnectionConfig, access: SessionAccess,
  done: (error: Error | null, connection: unknown) => void): void {
  settle(connection, config, access).then(() => done(null, connection), (error: Error) => done(error, connection));
}
