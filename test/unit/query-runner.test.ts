import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import type { Value } from '../../connectors/connector.js';
import { mssqlQuirks } from '../../connectors/mssql.js';
import { mysqlQuirks } from '../../connectors/mysql.js';
import { postgresQuirks } from '../../connectors/postgres.js';
import type { DialectQuirks } from '../../connectors/dialect-quirks.js';
import { QueryRunner } from '../../connectors/query-runner.js';
import { sqliteQuirks } from '../../connectors/sqlite.js';
import { makeTempDir } from '../support/temp-dir.js';

/** A runner over `client`'s placeholders whose kept statements are recorded instead of sent. */
function recordingRunner(client: string, quirks: DialectQuirks) {
  const compiler = knexFactory({ client });
  const sent: Array<{ sql: string; bindings: Value[] }> = [];
  const knex = {
    client: {
      acquireConnection: async () => ({}),
      releaseConnection: async () => undefined,
      positionBindings: (sql: string) => compiler.client.positionBindings(sql),
    },
  } as unknown as Knex;
  const recording: DialectQuirks = { ...quirks, directStatements: { ...quirks.directStatements, run: async (_connection, _knex, sql, bindings) => { sent.push({ sql, bindings }); return []; } } };
  const runner = new QueryRunner(knex, { dialect: quirks.dialect, queryTimeoutMs: 1000, pool: { max: 1 } }, recording);
  return { direct: runner.direct()!, sent, close: () => compiler.destroy() };
}

test('mssql: a value that recurs in a kept statement is bound once and its parameter named again', async () => {
  const { direct, sent, close } = recordingRunner('mssql', mssqlQuirks);
  try {
    const sql = 'select top (?) [id] from [customers] where [phone] in (?, ?) or [mobile] in (?, ?) or [note] = \'\\?\'';
    await direct(sql, [20, '+15550100', '5550100', '+15550100', '5550100']);
    await direct(sql, [20, '+15550199', '5550199', '+15550199', '5550199']);
    await direct(sql, [20, 'a', 'b', 'c', 'd']);
    await direct(sql, [20, 'a', 'b', 'b', 'a']);
    assert.deepEqual(sent, [
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p1, @p2) or [note] = \'?\'', bindings: [20, '+15550100', '5550100'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p1, @p2) or [note] = \'?\'', bindings: [20, '+15550199', '5550199'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p3, @p4) or [note] = \'?\'', bindings: [20, 'a', 'b', 'c', 'd'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p2, @p1) or [note] = \'?\'', bindings: [20, 'a', 'b'] },
    ]);
  } finally {
    await close();
  }
});

test('pg: every binding keeps its own parameter (PostgreSQL types a parameter by where it is used)', async () => {
  const { direct, sent, close } = recordingRunner('pg', postgresQuirks);
  try {
    await direct('select id from customers where a = ? or b = ?', ['x', 'x']);
    assert.deepEqual(sent, [{ sql: 'select id from customers where a = $1 or b = $2', bindings: ['x', 'x'] }]);
  } finally {
    await close();
  }
});

/**
 * A MySQL session set up by the connector's own afterCreate on a server that has (or lacks) a server-side statement
 * timeout, and a runner whose kept statement on it never answers.
 */
async function hungMysqlStatement(serverStopsStatements: boolean) {
  const session = {
    query(sql: string, done: (error: Error | null) => void) {
      const unknown = !serverStopsStatements && /max_(statement|execution)_time/.test(sql);
      done(unknown ? Object.assign(new Error('Unknown system variable'), { code: 'ER_UNKNOWN_SYSTEM_VARIABLE' }) : null);
    },
  };
  const config = { dialect: 'mysql' as const, queryTimeoutMs: 50, pool: { max: 1 } };
  const afterCreate = (mysqlQuirks.knexConfig(config, 'read-only').pool as { afterCreate: (connection: unknown, done: (error: Error | null) => void) => void }).afterCreate;
  await new Promise((resolve, reject) => afterCreate(session, (error: Error | null) => (error ? reject(error) : resolve(undefined))));
  const compiler = knexFactory({ client: 'mysql2' });
  const killed: unknown[] = [];
  const knex = {
    client: {
      acquireConnection: async () => session,
      releaseConnection: async () => undefined,
      positionBindings: (sql: string) => compiler.client.positionBindings(sql),
      cancelQuery: async (connection: unknown) => { killed.push(connection); },
    },
  } as unknown as Knex;
  const runner = new QueryRunner(knex, config, { ...mysqlQuirks, directStatements: { ...mysqlQuirks.directStatements, run: () => new Promise(() => {}) } });
  const error = await runner.direct()!('select sleep(30)', []).then(() => undefined, (thrown: unknown) => thrown);
  await compiler.destroy();
  return { session, killed, error };
}

test('mysql: a kept statement past the timeout is killed on servers whose sessions cannot stop it themselves', async () => {
  const { session, killed, error } = await hungMysqlStatement(false);
  assert.equal((error as { code?: string }).code, 'db_timeout');
  assert.deepEqual(killed, [session]);
});

test('mysql: where the server stops statements at the timeout, nothing more is sent', async () => {
  const { killed, error } = await hungMysqlStatement(true);
  assert.equal((error as { code?: string }).code, 'db_timeout');
  assert.deepEqual(killed, []);
});

/** A SQLite runner on a file of one table, and how often the pool was asked for its connection. */
async function sqliteRunner(t: { after(fn: () => Promise<void>): void }) {
  const dir = makeTempDir('deskbridge-runner-');
  const filename = `${dir.path}/crm.sqlite`;
  const db = new Database(filename);
  db.exec("create table tickets (id integer primary key, subject text); insert into tickets values (1, 'Late'), (2, 'Broken')");
  db.close();
  const config = { dialect: 'sqlite' as const, filename, queryTimeoutMs: 1000, pool: { max: 1 } };
  const knex = knexFactory(sqliteQuirks.knexConfig(config, 'read-write'));
  const client = knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(connection: unknown): Promise<unknown> };
  let acquired = 0;
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = () => { acquired += 1; return acquire(); };
  const runner = new QueryRunner(knex, config, sqliteQuirks);
  t.after(async () => { await knex.destroy(); dir.remove(); });
  return { direct: runner.direct()!, client, acquired: () => acquired };
}

test('sqlite: a kept statement runs at once on the free connection, and waits its turn while the connection is in use', async (t) => {
  const { direct, client, acquired } = await sqliteRunner(t);
  const select = 'select id, subject from tickets where id in (?) order by id';
  // The first call opens the connection through the pool; the next ones find it free and do not ask the pool.
  assert.deepEqual(await direct(select, [1]), [{ id: 1, subject: 'Late' }]);
  assert.equal(acquired(), 1);
  assert.deepEqual(await direct(select, [2]), [{ id: 2, subject: 'Broken' }]);
  assert.equal(acquired(), 1);

  // Held by someone else (an insert in its transaction): the statement waits for the pool, as before.
  const held = await client.acquireConnection();
  let answered = false;
  const waiting = direct(select, [1]).then((rows) => { answered = true; return rows; });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(answered, false, 'a kept statement must not run on a connection someone holds');
  await client.releaseConnection(held);
  assert.deepEqual(await waiting, [{ id: 1, subject: 'Late' }]);
});

test('sqlite: a kept statement that fails on the free connection rejects with the classified error', async (t) => {
  const { direct } = await sqliteRunner(t);
  await direct('select 1', []);
  await assert.rejects(direct('select id from no_such_table where id in (?)', [1]), (error: Error & { code?: string }) => {
    assert.equal(error.name, 'ConnectorError');
    assert.match(error.message, /no_such_table/);
    return true;
  });
});
