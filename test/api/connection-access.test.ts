// The connection test warns when the database user may write more than the integration writes, or is an administrator.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Knex } from 'knex';
import { describeOnDatabase } from '../support/database-suite.js';
import type { TestDatabase } from '../support/databases.js';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

interface Warning { message: string; advice: string; sql?: string }

async function connectionTest(connection: Record<string, unknown>, extra: { password?: string; writes?: string[] } = {}): Promise<Warning | undefined> {
  const answer = await bridge.admin('POST', '/connection/test', { integration: 'access', connection, ...extra });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.ok, true, JSON.stringify(answer.body));
  return answer.body.accessWarning;
}

test('sqlite: a writable file is warned about only when no action writes to it', async () => {
  const warning = await connectionTest(demoConnection(bridge));
  assert.match(warning?.message ?? '', /can change this SQLite file/);
  assert.match(warning?.advice ?? '', /read-only/);
  assert.equal(await connectionTest(demoConnection(bridge), { writes: ['notes'] }), undefined);
});

/** A user made for one test, dropped after it. */
interface MadeUser { name: string; drop(): Promise<void> }

const userName = (): string => `deskbridge_ro_${randomBytes(4).toString('hex')}`;
const PASSWORD = 'Reader-only-1';

function connectionOf(db: TestDatabase, user?: string): Record<string, unknown> {
  const { dialect, host, port, database, options } = db.config;
  return { dialect, host, port, database, user: user ?? db.config.user, ...(options ? { options } : {}) };
}

describeOnDatabase('mysql', (check) => {
  async function makeUser(admin: Knex, database: string, grants: string[]): Promise<MadeUser> {
    const name = userName();
    await admin.raw(`create user '${name}'@'%' identified by '${PASSWORD}'`);
    for (const grant of grants) await admin.raw(`grant ${grant.replace('DB', `\`${database}\``)} to '${name}'@'%'`);
    return { name, drop: async () => { await admin.raw(`drop user '${name}'@'%'`); } };
  }

  check('root is warned about, with the SQL to create a read-only user', async (db) => {
    const warning = await connectionTest(connectionOf(db));
    assert.match(warning?.message ?? '', /is root, or holds SUPER and can change every table/);
    assert.match(warning?.sql ?? '', new RegExp(`GRANT SELECT ON \`${db.config.database}\`\\.\\* TO 'deskbridge_reader'@'%';`));
  });

  check('a user that can only read, or also insert where an action writes, is not warned about', async (db, admin) => {
    const reader = await makeUser(admin, db.config.database!, ['select on DB.*']);
    const writer = await makeUser(admin, db.config.database!, ['select on DB.*', 'insert on DB.interactions']);
    try {
      assert.equal(await connectionTest(connectionOf(db, reader.name), { password: PASSWORD }), undefined);
      assert.equal(await connectionTest(connectionOf(db, writer.name), { password: PASSWORD, writes: ['interactions'] }), undefined);
      const warning = await connectionTest(connectionOf(db, writer.name), { password: PASSWORD });
      assert.match(warning?.message ?? '', /can change the table "interactions", which this integration does not write to/);
    } finally {
      await reader.drop();
      await writer.drop();
    }
  });
});

describeOnDatabase('postgres', (check) => {
  async function makeReader(admin: Knex, schema: string): Promise<MadeUser> {
    const name = userName();
    await admin.raw(`create role ${name} login password '${PASSWORD}'`);
    await admin.raw(`grant usage on schema "${schema}" to ${name}`);
    await admin.raw(`grant select on all tables in schema "${schema}" to ${name}`);
    return { name, drop: async () => { await admin.raw(`drop owned by ${name}`); await admin.raw(`drop role ${name}`); } };
  }

  check('the postgres superuser is warned about, with the SQL to create a read-only user', async (db) => {
    const warning = await connectionTest(connectionOf(db));
    assert.match(warning?.message ?? '', /"postgres" is a superuser and can change/);
    assert.match(warning?.sql ?? '', /GRANT SELECT ON ALL TABLES IN SCHEMA "deskbridge_/);
  });

  check('a user that can only read is not warned about', async (db, admin) => {
    const reader = await makeReader(admin, String(db.config.options?.schema));
    try {
      assert.equal(await connectionTest(connectionOf(db, reader.name), { password: PASSWORD }), undefined);
    } finally {
      await reader.drop();
    }
  });
});
