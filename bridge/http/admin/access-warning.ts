// The wizard's warning when a connection's user may write more than its integration writes, with the SQL for a read-only user.
import type { ConnectionConfig, Dialect, UserAccess } from '../../../connectors/connector.js';
import type { AccessWarning } from '../../contract/admin.js';
export type { AccessWarning };

/** The parts of a connection the advice names. */
type ConnectionSettings = Pick<ConnectionConfig, 'dialect' | 'database' | 'options'>;

const READER = 'deskbridge_reader';
const SHOWN_TABLES = 8;

/** The table's name without its schema, lower case: how action tables and catalog names are compared. */
const bare = (name: string): string => (name.split('.').at(-1) ?? name).toLowerCase();

function tableList(tables: string[]): string {
  if (tables.includes('*')) return 'every table';
  const shown = tables.slice(0, SHOWN_TABLES).map((table) => `"${table}"`).join(', ');
  return tables.length > SHOWN_TABLES ? `${tables.length} tables (${shown}, …)` : `${tables.length === 1 ? 'the table' : 'the tables'} ${shown}`;
}

const quoted = {
  postgres: (name: string) => `"${name.replace(/"/g, '""')}"`,
  mysql: (name: string) => `\`${name.replace(/`/g, '``')}\``,
  mssql: (name: string) => `[${name.replace(/]/g, ']]')}]`,
};

/** The statements that create a user who can read the database and insert into the tables actions write to. */
export function readOnlyUserSql(dialect: Exclude<Dialect, 'sqlite'>, connection: ConnectionSettings, writes: string[]): string {
  const database = connection.database ?? 'the_database';
  if (dialect === 'postgres') {
    const q = quoted.postgres;
    const schema = typeof connection.options?.schema === 'string' ? connection.options.schema : 'public';
    return [
      `CREATE ROLE ${READER} LOGIN PASSWORD 'choose a strong password';`,
      `GRANT CONNECT ON DATABASE ${q(database)} TO ${READER};`,
      `GRANT USAGE ON SCHEMA ${q(schema)} TO ${READER};`,
      `GRANT SELECT ON ALL TABLES IN SCHEMA ${q(schema)} TO ${READER};`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q(schema)} GRANT SELECT ON TABLES TO ${READER};`,
      ...writes.map((table) => `GRANT INSERT ON ${q(schema)}.${q(table)} TO ${READER};`),
      ...(writes.length > 0 ? [`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${READER};`] : []),
    ].join('\n');
  }
  if (dialect === 'mysql') {
    const q = quoted.mysql;
    const user = `'${READER}'@'%'`;
    return [
      `CREATE USER ${user} IDENTIFIED BY 'choose a strong password';`,
      `GRANT SELECT ON ${q(database)}.* TO ${user};`,
      ...writes.map((table) => `GRANT INSERT ON ${q(database)}.${q(table)} TO ${user};`),
    ].join('\n');
  }
  const q = quoted.mssql;
  return [
    `CREATE LOGIN ${READER} WITH PASSWORD = 'Choose-a-strong-password-1';`,
    `USE ${q(database)};`,
    `CREATE USER ${READER} FOR LOGIN ${READER};`,
    `ALTER ROLE db_datareader ADD MEMBER ${READER};`,
    ...writes.map((table) => `GRANT INSERT ON ${q(table)} TO ${READER};`),
  ].join('\n');
}

/** A warning when the user is an administrator or may write tables the integration does not write (`writes`); else undefined. */
export function accessWarning(access: UserAccess, connection: ConnectionSettings, writes: string[]): AccessWarning | undefined {
  const written = new Set(writes.map(bare));
  const extra = access.writableTables.includes('*') ? ['*'] : access.writableTables.filter((table) => !written.has(bare(table)));
  if (connection.dialect === 'sqlite') {
    // Actions insert into the file, so it must stay writable then.
    if (writes.length > 0 || extra.length === 0) return undefined;
    return {
      message: 'Deskbridge can change this SQLite file, and no action of this integration writes to it.',
      advice: 'If the integration only reads, make the file read-only for the account Deskbridge runs as (Windows: the file\'s Properties → Read-only; macOS and Linux: chmod a-w on the file). An action needs it writable.',
    };
  }
  if (!access.administrator && extra.length === 0) return undefined;
  const who = `The database user "${access.user}"`;
  const problems = [
    ...(access.administrator ? [`is ${access.administrator}`] : []),
    ...(extra.includes('*') ? ['can change every table'] : extra.length > 0 ? [`can change ${tableList(extra)}, which this integration does not write to`] : []),
  ];
  const needs = writes.length > 0 ? `read, and insert into ${tableList(writes)}` : 'read';
  return {
    message: `${who} ${problems.join(' and ')}.`,
    advice: `Deskbridge only needs to ${needs}. If the bridge's settings or this computer were misused, a user with more rights could change or destroy data. Ask your database administrator to create a user with only those rights (the SQL below does it; add an INSERT grant for each table an action writes to), then use it here.`,
    sql: readOnlyUserSql(connection.dialect, connection, writes),
  };
}
