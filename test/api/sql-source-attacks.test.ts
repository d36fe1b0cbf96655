// Custom SQL sources that try to write (files, sequences, session settings) through the wizard's API and the connector, on real databases.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createConnector, type Connector, type Dialect } from '../../connectors/index.js';
import { fixtureContacts } from '../support/contact-fixture.js';
import { describeOnDatabase } from '../support/database-suite.js';
import type { TestDatabase } from '../support/databases.js';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

/** A path no earlier run used, on this machine, where the database servers also run. */
const uniqueFile = (): string => `/tmp/deskbridge-attack-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/** Asks the wizard's API for a source's columns (a zero-row run of it), as the wizard does while mapping. */
async function introspect(connection: unknown, sql: string): Promise<{ status: number; code?: string; message?: string }> {
  const answer = await bridge.admin('POST', '/introspect/columns', { connection, source: { sql } });
  return { status: answer.status, code: answer.body?.error?.code, message: answer.body?.error?.message };
}

async function expectRefused(connection: unknown, sql: string): Promise<void> {
  const answer = await introspect(connection, sql);
  assert.equal(answer.code, 'db_invalid_source', `${sql}: ${JSON.stringify(answer)}`);
}

/** The wizard's connection for a test database (root and postgres need no password here). */
function wizardConnection(db: TestDatabase): Record<string, unknown> {
  const { dialect, host, port, user, database, options } = db.config;
  return { dialect, host, port, user, database, ...(options ? { options } : {}) };
}

const firstContact = (dialect: Dialect) => fixtureContacts(dialect)[0]!.id;

async function withConnector<T>(db: TestDatabase, work: (connector: Connector) => Promise<T>): Promise<T> {
  // One session, so a setting changed by one statement would be seen by the next.
  const connector = createConnector({ ...db.config, pool: { max: 1 } });
  try { return await work(connector); } finally { await connector.close(); }
}

test('sqlite: wrapping tricks and file or extension functions are refused', async () => {
  const connection = demoConnection(bridge);
  for (const sql of [
    'select * from customers) as src, (select 1',
    "select load_extension('/tmp/deskbridge-evil.so')",
    "select writefile('/tmp/deskbridge-x', 'y')",
    "select * from customers /*!into outfile '/tmp/deskbridge-x'*/",
  ]) await expectRefused(connection, sql);
  const fine = await introspect(connection, 'select id, first_name from customers -- a trailing comment');
  assert.equal(fine.status, 200, JSON.stringify(fine));
});

describeOnDatabase('mysql', (check) => {
  check('a "read-only SELECT" writes no file on the server', async (db) => {
    const files = [uniqueFile(), uniqueFile(), uniqueFile(), uniqueFile()];
    await expectRefused(wizardConnection(db), `select * from contacts) as src /*!into outfile '${files[0]}'*/ #`);
    await expectRefused(wizardConnection(db), `select id from contacts /*M!100000 into outfile '${files[1]}' */`);
    await expectRefused(wizardConnection(db), `select id from contacts into dumpfile '${files[2]}'`);
    await expectRefused(wizardConnection(db), `select 1--1 into outfile '${files[3]}'`);
    for (const file of files) assert.equal(existsSync(file), false, `${file} was written`);
  });

  check('each custom SQL statement runs in a read-only transaction of its own, whatever the session was switched to', async (db, admin) => {
    // Functions already in a database may change the session: this one switches it to read-write.
    await admin.raw('create function deskbridge_unlock() returns int begin set session transaction read write; return 1; end');
    await admin.raw('create function deskbridge_write() returns int begin insert into interactions (contact_id, kind, created_at) values (1, \'forged\', now()); return 1; end');
    await withConnector(db, async (connector) => {
      assert.deepEqual(await connector.sampleRows({ sql: 'select @@in_transaction as open_transaction' }, 1), [{ open_transaction: '1' }]);
      // A lookup's statement, kept after its first call, runs straight on a pooled connection: in a transaction too.
      const lookup = { source: { sql: 'select contact_id, @@in_transaction as open_transaction from interactions' }, columns: ['open_transaction'], where: { column: 'contact_id', values: [firstContact('mysql')] }, limit: 1 };
      for (const call of ['first', 'kept']) assert.deepEqual(await connector.selectRows(lookup), [{ open_transaction: '1' }], call);
      await connector.sampleRows({ sql: 'select deskbridge_unlock() as unlocked' }, 1);
      await assert.rejects(connector.sampleRows({ sql: 'select deskbridge_write() as written' }, 1), /read.only/i);
    });
    const [rows] = await admin.raw("select count(*) as n from interactions where kind = 'forged'") as [Array<{ n: number }>];
    assert.equal(Number(rows[0]!.n), 0, 'no row was written');
  });
});

describeOnDatabase('postgres', (check) => {
  check('set_config, large objects and sequences are refused, and lo_export writes no file', async (db, admin) => {
    const file = uniqueFile();
    const objectId = 1_000_000 + randomBytes(3).readUIntBE(0, 3);
    // One session, in the attack's order: unlock it, store a large object, export it as a server file.
    const connection = { ...wizardConnection(db), pool: { max: 1 } };
    const answers = [];
    for (const sql of [
      "select set_config('default_transaction_read_only', 'off', false) as setting",
      `select lo_from_bytea(${objectId}, 'forged') as stored`,
      `select lo_export(${objectId}, '${file}') as exported`,
      "select lo_import('/etc/hostname') as imported",
      "select nextval('interactions_id_seq') as next",
    ]) answers.push({ sql, ...await introspect(connection, sql) });
    await admin.raw('select lo_unlink(oid) from pg_largeobject_metadata where oid = ?', [objectId]);
    assert.equal(existsSync(file), false, `${file} was written`);
    for (const answer of answers) assert.equal(answer.code, 'db_invalid_source', JSON.stringify(answer));
  });

  check('a session setting changed by a custom SQL statement does not outlive it; a later write fails', async (db, admin) => {
    // A function already in the database that calls set_config is not caught by the parser: the transaction must hold.
    await admin.raw("create function deskbridge_unlock() returns text language sql as $$ select set_config('default_transaction_read_only', 'off', false) $$");
    await admin.raw("create function deskbridge_bump() returns bigint language sql as $$ select nextval('interactions_id_seq') $$");
    const before = await admin.raw('select last_value, is_called from interactions_id_seq') as { rows: unknown[] };
    await withConnector(db, async (connector) => {
      assert.deepEqual(await connector.sampleRows({ sql: 'select deskbridge_unlock() as setting' }, 1), [{ setting: 'off' }]);
      const after = await connector.sampleRows({ sql: "select current_setting('default_transaction_read_only') as setting" }, 1);
      assert.deepEqual(after, [{ setting: 'on' }], 'the session is read-only again');
      await assert.rejects(connector.sampleRows({ sql: 'select deskbridge_bump() as next' }, 1), /read-only transaction/);
      const lookup = { source: { sql: 'select contact_id, deskbridge_bump() as next from interactions' }, columns: ['next'], where: { column: 'contact_id', values: [firstContact('postgres')] }, limit: 1 };
      for (const call of ['first', 'kept']) await assert.rejects(connector.selectRows(lookup), /read-only transaction/, call);
      assert.equal((await connector.sampleRows({ table: 'contacts' }, 1)).length, 1, 'the session still reads');
    });
    const now = await admin.raw('select last_value, is_called from interactions_id_seq') as { rows: unknown[] };
    assert.deepEqual(now.rows, before.rows, 'the sequence did not move');
  });
});
