// The connectors' public surface: build a Connector for a dialect, and the types the bridge uses.
import type { ConnectionConfig, Connector, Dialect } from './connector.js';
import { ConnectorError } from './errors.js';
import { createKnexConnector, type DialectQuirks } from './knex-connector.js';
import { mssqlQuirks } from './mssql.js';
import { mysqlQuirks } from './mysql.js';
import { postgresQuirks } from './postgres.js';
import { sqliteQuirks } from './sqlite.js';

export * from './connector.js';
export * from './errors.js';
export { validateSelect } from './sql-source.js';
export { sqliteDateText } from './sqlite.js';
export { instantOfWallClock, isTimeZone, localTextOf, wallClockOf } from './time-zone.js';

const QUIRKS: Partial<Record<Dialect, DialectQuirks>> = {
  sqlite: sqliteQuirks,
  mysql: mysqlQuirks,
  mssql: mssqlQuirks,
  postgres: postgresQuirks,
};

/** Builds the Connector for a connection; nothing connects until the first query. */
export function createConnector(config: ConnectionConfig): Connector {
  const quirks = QUIRKS[config.dialect];
  if (!quirks) throw new ConnectorError('db_unsupported', `The ${config.dialect} connector is not available in this build.`);
  return createKnexConnector(config, quirks);
}
