// Throwaway test databases, one per run and dialect, loaded with the messy contact fixture and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { ConnectionConfig, Dialect } from '../../connectors/index.js';
import { fixtureContacts, fixtureTimestamp } from './contact-fixture.js';
import { startTdsTestDouble, type TdsTestDouble } from './tds-test-double/server.js';

export interface TestDatabase {
  dialect: Dialect;
  /** Connection settings for the connector under test (pool of 2, 2 s query timeout). */
  config: ConnectionConfig;
  /** A query that runs far longer than the timeout, or undefined where none can be interrupted. */
  slowSelect?: string;
  /** Server sessions the connector holds right now, or undefined where the server cannot tell. */
  countSessions(): Promise<number | undefined>;
  /** Where this database runs, for test names. */
  description: string;
  drop(): Promise<void>;
}

/** The database could not be reached; the caller skips with this reason (or fails when services are required). */
export class DatabaseUnavailable extends Error {}

const TYPES: Record<Dialect, Record<'bigint' | 'text' | 'float' | 'bool' | 'datetime' | 'datetimeZoned' | 'autoKey', string>> = {
  sqlite: { bigint: 'integer', text: 'text', float: 'real', bool: 'integer', datetime: 'text', datetimeZoned: 'text', autoKey: 'integer primary key autoincrement' },
  mysql: { bigint: 'bigint', text: 'varchar(200)', float: 'double', bool: 'boolean', datetime: 'datetime(3)', datetimeZoned: 'timestamp(3)', autoKey: 'bigint auto_increment primary key' },
  postgres: { bigint: 'bigint', text: 'varchar(200)', float: 'double precision', bool: 'boolean', datetime: 'timestamp(6)', datetimeZoned: 'timestamptz(6)', autoKey: 'bigserial primary key' },
  mssql: { bigint: 'bigint', text: 'nvarchar(200)', float: 'float', bool: 'bit', datetime: 'datetime2(7)', datetimeZoned: 'datetimeoffset(7)', autoKey: 'bigint identity(1,1) primary key' },
};

/** Creates the tables, indexes and view, then loads the fixture, through plain Knex (not the code under test). */
export async function loadFixture(knex: Knex, dialect: Dialect): Promise<void> {
  const t = TYPES[dialect];
  await knex.raw(`create table contacts (id ${t.bigint} not null primary key, name ${t.text} not null, email ${t.text} null,
    phone ${t.text} null, notes ${t.text} null, score ${t.float} not null, active ${t.bool} not null, updated_at ${t.datetime} null)`);
  await knex.raw('create index contacts_phone on contacts (phone)');
  await knex.raw('create index contacts_checkpoint on contacts (updated_at, id)');
  await knex.raw(`create table interactions (id ${t.autoKey}, contact_id ${t.bigint} not null, kind ${t.text} not null,
    created_at ${t.datetimeZoned} not null)`);
  await knex.raw(`create view contacts_view as select id, name, phone, updated_at from contacts where active = ${dialect === 'postgres' ? 'true' : '1'}`);
  const contacts = fixtureContacts(dialect);
  await knex('contacts').insert(contacts.map((c) => ({
    id: c.id, name: c.name, email: c.email, phone: c.phone, notes: c.notes, score: c.score, active: c.active, updated_at: c.updatedAt,
  })));
  const interactions = contacts.slice(0, 5).flatMap((contact, index) => [0, 1, 2].map((step) => ({
    contact_id: contact.id, kind: step === 1 ? 'call' : 'ticket', created_at: fixtureTimestamp(dialect, 10 + step, index),
  })));
  await knex('interactions').insert(interactions);
}

function requireServices(): boolean {
  return process.env.DESKBRIDGE_REQUIRE_SERVICES === '1';
}

async function openAdmin(config: Knex.Config, what: string): Promise<Knex> {
  const knex = knexFactory({ ...config, pool: { min: 0, max: 1 } });
  try {
    await knex.raw('select 1');
    return knex;
  } catch (error) {
    await knex.destroy();
    throw new DatabaseUnavailable(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

const uniqueName = (): string => `deskbridge_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const baseConfig = { queryTimeoutMs: 2000, pool: { max: 2 } };

async function createMysql(): Promise<TestDatabase> {
  const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
  const admin = await openAdmin({ client: 'mysql2', connection: { ...server, database: 'test' } }, 'MariaDB not reachable at 127.0.0.1:3306');
  const name = uniqueName();
  await admin.raw(`create database \`${name}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
  const loader = knexFactory({ client: 'mysql2', connection: { ...server, database: name, charset: 'utf8mb4' }, pool: { min: 0, max: 1 } });
  try { await loadFixture(loader, 'mysql'); } finally { await loader.destroy(); }
  return {
    dialect: 'mysql', description: `MariaDB database ${name}`, slowSelect: MYSQL_SLOW_SELECT,
    config: { dialect: 'mysql', ...server, database: name, ...baseConfig },
    async countSessions() {
      const [rows] = await admin.raw('select count(*) as n from information_schema.processlist where db = ?', [name]) as [Array<{ n: number }>];
      return Number(rows[0]?.n);
    },
    async drop() {
      await admin.raw(`drop database if exists \`${name}\``);
      await admin.destroy();
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const server = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
  const admin = await openAdmin({ client: 'pg', connection: { ...server, options: '-c TimeZone=UTC' } }, 'PostgreSQL not reachable at 127.0.0.1:5432');
  const schema = uniqueName();
  await admin.raw(`create schema "${schema}"`);
  const loader = knexFactory({ client: 'pg', connection: { ...server, options: '-c TimeZone=UTC' }, searchPath: [schema], pool: { min: 0, max: 1 } });
  try { await loadFixture(loader, 'postgres'); } finally { await loader.destroy(); }
  return {
    dialect: 'postgres', description: `PostgreSQL schema ${schema}`, slowSelect: POSTGRES_SLOW_SELECT,
    config: { dialect: 'postgres', ...server, options: { schema, applicationName: schema }, ...baseConfig },
    async countSessions() {
      const { rows } = await admin.raw('select count(*) as n from pg_stat_activity where application_name = ?', [schema]) as { rows: Array<{ n: string }> };
      return Number(rows[0]?.n);
    },
    async drop() {
      await admin.raw(`drop schema if exists "${schema}" cascade`);
      await admin.destroy();
    },
  };
}

// Long work, not sleep(), which custom SQL sources may not call: a trillion or more joined rows, stopped at the timeout.
const MYSQL_SLOW_SELECT = 'with recursive r (n) as (select 1 union all select n + 1 from r where n < 1000) select count(*) as slept from r a cross join r b cross join r c cross join r d';
const POSTGRES_SLOW_SELECT = 'select count(*) as slept from generate_series(1, 100000) a cross join generate_series(1, 100000) b';
const MSSQL_SLOW_SELECT = 'select count(*) as n from sys.all_columns a cross join sys.all_columns b cross join sys.all_columns c cross join sys.all_columns d';

function mssqlConnection(config: ConnectionConfig): Knex.Config {
  return {
    client: 'mssql',
    connection: {
      server: config.host ?? '127.0.0.1', port: config.port, user: config.user, password: config.password, database: config.database,
      options: { encrypt: config.options?.encrypt === true, trustServerCertificate: config.options?.trustServerCertificate === true },
    } as Knex.MsSqlConnectionConfig,
  };
}

/** A real SQL Server named by MSSQL_URL (mssql://user:pass@host:1433/db?encrypt=true&trustServerCertificate=true). */
async function createRealMssql(url: URL): Promise<TestDatabase> {
  const server: ConnectionConfig = {
    dialect: 'mssql', host: url.hostname, port: Number(url.port || 1433), user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password), database: url.pathname.slice(1) || 'master', ...baseConfig,
    options: { encrypt: url.searchParams.get('encrypt') === 'true', trustServerCertificate: url.searchParams.get('trustServerCertificate') === 'true' },
  };
  const admin = await openAdmin(mssqlConnection(server), `SQL Server not reachable at ${url.host}`);
  const name = uniqueName();
  await admin.raw(`create database [${name}]`);
  const config = { ...server, database: name };
  const loader = knexFactory({ ...mssqlConnection(config), pool: { min: 0, max: 1 } });
  try { await loadFixture(loader, 'mssql'); } finally { await loader.destroy(); }
  return {
    dialect: 'mssql', description: `SQL Server database ${name} at ${url.host}`, slowSelect: MSSQL_SLOW_SELECT, config,
    async countSessions() {
      const rows = await admin.raw('select count(*) as n from sys.dm_exec_sessions where database_id = db_id(?)', [name]) as Array<{ n: number }>;
      return Number(rows[0]?.n);
    },
    async drop() {
      await admin.raw(`alter database [${name}] set single_user with rollback immediate`);
      await admin.raw(`drop database [${name}]`);
      await admin.destroy();
    },
  };
}

async function createMssqlDouble(): Promise<TestDatabase> {
  const credentials = { user: 'deskbridge', password: 'Tds-double-1', database: 'crm' };
  const double: TdsTestDouble = await startTdsTestDouble(credentials);
  const config: ConnectionConfig = { dialect: 'mssql', host: '127.0.0.1', port: double.port, ...credentials, ...baseConfig };
  const loader = knexFactory({ ...mssqlConnection(config), pool: { min: 0, max: 1 } });
  try { await loadFixture(loader, 'mssql'); } finally { await loader.destroy(); }
  return {
    dialect: 'mssql', description: `TDS test double on port ${double.port}`, slowSelect: MSSQL_SLOW_SELECT, config,
    countSessions: async () => double.openConnections(),
    drop: () => double.close(),
  };
}

async function createSqlite(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'deskbridge-contract-'));
  const filename = join(directory, 'crm.sqlite');
  const loader = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  try { await loadFixture(loader, 'sqlite'); } finally { await loader.destroy(); }
  return {
    dialect: 'sqlite', description: `SQLite file ${filename}`, config: { dialect: 'sqlite', filename, ...baseConfig },
    countSessions: async () => undefined,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

/**
 * Creates a fresh database for a dialect. Throws DatabaseUnavailable when its server is not running,
 * unless DESKBRIDGE_REQUIRE_SERVICES=1, when the original failure is thrown so the run fails.
 */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  try {
    if (dialect === 'mysql') return await createMysql();
    if (dialect === 'postgres') return await createPostgres();
    if (dialect === 'mssql') return process.env.MSSQL_URL ? await createRealMssql(new URL(process.env.MSSQL_URL)) : await createMssqlDouble();
    return await createSqlite();
  } catch (error) {
    if (error instanceof DatabaseUnavailable && requireServices()) throw new Error(`${error.message} (DESKBRIDGE_REQUIRE_SERVICES=1)`, { cause: error });
    throw error;
  }
}

/**
 * The throwaway database, or why it cannot be had: the caller's tests then skip with that reason. Where services are
 * required (CI), a missing server is an error instead (createTestDatabase).
 */
export async function openTestDatabaseOrReason(dialect: Dialect): Promise<{ database: TestDatabase } | { unavailable: string }> {
  try {
    return { database: await createTestDatabase(dialect) };
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return { unavailable: error.message };
  }
}

/** A loopback port nothing listens on: bound by us, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port was assigned.');
  return address.port;
}

/** A Knex straight to a throwaway MariaDB or PostgreSQL database (not through a proxy), to read or change rows beside the bridge. */
export function openDirect(db: TestDatabase): Knex {
  const { config } = db;
  if (db.dialect === 'mysql') {
    return knexFactory({ client: 'mysql2', connection: {
      host: config.host, port: config.port, user: config.user, password: config.password, database: config.database, supportBigNumbers: true, bigNumberStrings: true,
    }, pool: { min: 0, max: 1 } });
  }
  return knexFactory({
    client: 'pg', connection: { host: config.host, port: config.port, user: config.user, database: config.database, options: '-c TimeZone=UTC' },
    searchPath: [String(config.options?.schema)], pool: { min: 0, max: 1 },
  });
}

/** A plain Knex on a test database (not the code under test), to change its rows behind the connector's back. */
export function openTestKnex(database: TestDatabase): Knex {
  const { config } = database;
  const pool = { min: 0, max: 1 };
  switch (config.dialect) {
    case 'sqlite':
      return knexFactory({ client: 'better-sqlite3', connection: { filename: config.filename! }, useNullAsDefault: true, pool });
    case 'mysql':
      return knexFactory({ client: 'mysql2', connection: { host: config.host, port: config.port, user: config.user, password: config.password, database: config.database, charset: 'utf8mb4' }, pool });
    case 'postgres':
      return knexFactory({ client: 'pg', connection: { host: config.host, port: config.port, user: config.user, database: config.database, options: '-c TimeZone=UTC' }, searchPath: [String(config.options?.schema)], pool });
    case 'mssql':
      return knexFactory({ ...mssqlConnection(config), pool });
  }
}
