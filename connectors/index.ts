// The connectors' public surface: build a Connector for a dialect, and the types the bridge uses.
import type { ConnectionConfig, Connector, Dialect } from './connector.js';
import { ConnectorError } from './errors.js';
import { createKnexConnector, type DialectQuirks } from './knex-connector.js';
import { mssqlQuirks } from './mssql.js';
import { mysqlQuirks } from './mysql.js';
import { postgresQuirks } from './postgres.js';
import { sqliteReadingQuirks } from './sqlite.js';
import { createSqliteConnector } from './sqlite-connector.js';

export * from './connector.js';
export * from './errors.js';
export { validateSelect } from './sql-source.js';
export { settleWithin, withDeadline, type Settled } from './deadline.js';
export { fromCallError, PendingCalls, toCallError, type CallError, type CallReply } from './pending-calls.js';
export { childEnvironment, processEntry } from './process-entry.js';
export { endWhenOrphaned } from './orphan-watch.js';
export { sqliteDateText } from './sqlite.js';
export { instantOfWallClock, isRegionTimeZone, isTimeZone, localTextOf, machineTimeZone, wallClockOf } from './time-zone.js';

const withQuirks = (quirks: DialectQuirks) => (config: ConnectionConfig): Connector => createKnexConnector(config, quirks);

/** Servers stop their own statements at the timeout; SQLite, in-process, runs the costly ones in a process it can end. */
const BUILDERS: Partial<Record<Dialect, (config: ConnectionConfig) => Connector>> = {
  sqlite: createSqliteConnector,
  mysql: withQuirks(mysqlQuirks),
  mssql: withQuirks(mssqlQuirks),
  postgres: withQuirks(postgresQuirks),
};

/**
 * Whether the driver runs statements in this process, where no timer stops a runaway one and only ending the
 * process (or thread) that runs it does (SQLite). Work for such a dialect that has a deadline runs in a process.
 */
export function runsStatementsInProcess(dialect: Dialect): boolean {
  return dialect === 'sqlite';
}

/**
 * A Connector that only reads, for a process its parent ends at the query timeout (a SQLite reading process, a
 * sync's page process): every statement runs right here. Elsewhere the same as `createConnector`.
 */
export function createReadingConnector(config: ConnectionConfig): Connector {
  return runsStatementsInProcess(config.dialect) ? createKnexConnector(config, sqliteReadingQuirks) : createConnector(config);
}

/** Builds the Connector for a connection; nothing connects until the first query. */
export function createConnector(config: ConnectionConfig): Connector {
  const build = BUILDERS[config.dialect];
  if (!build) throw new ConnectorError('db_unsupported', `The ${config.dialect} connector is not available in this build.`);
  return build(config);
}
