// The phone index in a running bridge with two public processes: they answer from the index the bridge process keeps,
// a sync page with changes brings it up to date, its progress shows as events and in the status, it leaves with its
// integration, and `phoneIndex: false` keeps lookups as they were.
import assert from 'node:assert/strict';
import path from 'node:path';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ProfileInput } from '../../bridge/profile/schema.js';
import type { BridgeEvent } from '../../bridge/tunnel-runner.js';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';

const ROWS = 300;
let bridge: TestBridge;
let crm: string;
const events: BridgeEvent[] = [];
const waiters: Array<{ match: (event: BridgeEvent) => boolean; resolve: () => void }> = [];

/** Resolves at the first event (already seen or to come) that matches. */
function eventMatching(match: (event: BridgeEvent) => boolean, from = 0): Promise<void> {
  if (events.slice(from).some(match)) return Promise.resolve();
  return new Promise((resolve) => waiters.push({ match, resolve }));
}

function createCrm(dataDir: string): string {
  const file = path.join(dataDir, 'crm.sqlite');
  const db = new Database(file);
  db.exec(`create table people (id integer primary key, name text not null, phone text, updated_at text);
    create index people_checkpoint on people (updated_at, id);
    create table calls (id integer primary key, person_id integer not null, subject text not null, at text not null)`);
  const person = db.prepare('insert into people (id, name, phone, updated_at) values (?, ?, ?, ?)');
  const call = db.prepare('insert into calls (person_id, subject, at) values (?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id += 1) {
      // Stored the way offices type them: an extension, words, a tel: prefix.
      const line = String(10_000 + id).slice(1);
      const phone = [`(347) 496-${line} x80`, `(home) 347.497.${line}`, `tel:+1-347-498-${line}`][id % 3];
      person.run(id, `Person ${id}`, phone, `2024-01-01 00:00:${String(id % 60).padStart(2, '0')}`);
      call.run(id, `call with ${id}`, '2024-02-01T00:00:00Z');
    }
  })();
  db.close();
  return file;
}

function profile(file: string, phoneIndex: false | { refreshSeconds: number } = { refreshSeconds: 3600 }): ProfileInput {
  return {
    version: 1,
    integrations: [{
      id: 'crm', displayName: 'CRM', connection: { dialect: 'sqlite', filename: file },
      contacts: { source: { table: 'people' }, key: 'id', checkpoint: 'updated_at', pageSize: 40, fields: { name: 'name', phones: 'phone' }, phoneIndex },
      interactions: [{ type: 'call', source: { table: 'calls' }, contactKey: 'person_id', fields: { id: 'id', subject: 'subject', date: 'at' } }],
    }],
  };
}

/** A lookup on a connection of its own, so the public port hands successive calls to each process in turn. */
function lookup(phone: string): Promise<{ status: number; body: any }> {
  return bridge.key().then((key) => new Promise((resolve, reject) => {
    const call = request(new URL(`${bridge.url()}/interactions`), { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    call.on('error', reject);
    call.end(JSON.stringify({ auth: { api_key: key }, meta: {}, data: { contact_phones: [phone] } }));
  }));
}

const subjectsOf = (answer: { body: any }) => (answer.body as Array<{ subject: string }>).map((item) => item.subject);

before(async () => {
  bridge = await startTestBridge({
    profile: (dataDir) => profile(crm = createCrm(dataDir)),
    bridge: {
      publicProcesses: 2,
      onEvent: (event) => {
        events.push(event);
        for (const waiter of waiters.splice(0)) {
          if (waiter.match(event)) waiter.resolve();
          else waiters.push(waiter);
        }
      },
    },
  });
});
after(async () => {
  await bridge?.close();
});

test('the index is built in the background; public processes answer from it for numbers stored with extensions, words and tel:', async () => {
  await eventMatching((event) => event.event === 'phone_index' && event.state === 'ready');
  const ready = events.find((event) => event.state === 'ready')!;
  assert.equal(ready.contacts, ROWS);
  assert.equal(ready.numbers, ROWS);
  for (const [phone, id] of [['+13474960003', 3], ['+1 347 497 0004', 4], ['(347) 498-0005', 5]] as const) {
    const answers = [await lookup(phone), await lookup(phone)];
    for (const answer of answers) assert.deepEqual(subjectsOf(answer), [`call with ${id}`], phone);
  }
  assert.ok(bridge.bridge.publicProcesses().every((process) => process.connections >= 3), 'both processes answered');
});

test('the status shows the index, and neither events nor status hold a phone number', async () => {
  const admin = new URL(bridge.bridge.adminUrl);
  const response = await fetch(`${admin.origin}/api/status`, { headers: { authorization: `Bearer ${bridge.bridge.adminToken}` } });
  const status = await response.json() as { integrations: Array<{ phoneIndex: { state: string; contactsRead: number; lastFullPassAt: string } | null }> };
  const index = status.integrations[0]!.phoneIndex!;
  assert.equal(index.state, 'ready');
  assert.equal(index.contactsRead, ROWS);
  assert.ok(index.lastFullPassAt);
  assert.doesNotMatch(JSON.stringify([events, status]), /347/);
});

test('a sync page with changes brings the index up to date at once', { timeout: 60_000 }, async () => {
  const { checkpoint } = await syncRun(bridge);
  const db = new Database(crm);
  db.prepare('insert into people (id, name, phone, updated_at) values (?, ?, ?, ?)').run(ROWS + 1, 'Newcomer', 'cell: 347-499-0001 ext 7', '2024-06-01 00:00:00');
  db.prepare('insert into calls (person_id, subject, at) values (?, ?, ?)').run(ROWS + 1, 'call with newcomer', '2024-06-02T00:00:00Z');
  db.close();
  let from = events.length;
  const incremental = await syncRun(bridge, checkpoint);
  assert.ok(incremental.contacts.some((contact: { name: string }) => contact.name === 'Newcomer'));
  // Checkpoint reads are an hour apart here: only a sync page can have asked for the one that finds it. (A read the
  // full sync asked for may end after the insert without having seen it, so a few are allowed for.)
  let found: string[] = [];
  for (let refreshes = 0; refreshes < 4 && found.length === 0; refreshes += 1) {
    await eventMatching((event) => event.state === 'refreshed', from);
    from = events.findIndex((event, index) => index >= from && event.state === 'refreshed') + 1;
    found = subjectsOf(await lookup('+13474990001'));
  }
  assert.deepEqual(found, ['call with newcomer']);
  assert.deepEqual(subjectsOf(await lookup('+13474990001')), ['call with newcomer']);
});

const indexTables = () => {
  const db = new Database(path.join(bridge.dataDir, 'state.sqlite'), { readonly: true });
  try {
    return (db.prepare("select name from sqlite_master where type = 'table' and name like 'phone_index_crm%'").all() as Array<{ name: string }>).map((row) => row.name);
  } finally {
    db.close();
  }
};

test('with phoneIndex false, lookups ask the database as before and the index is dropped; removing the integration drops it too', async () => {
  assert.deepEqual(indexTables(), ['phone_index_crm']);
  await bridge.bridge.context.replaceProfile(profile(crm, false));
  assert.deepEqual(indexTables(), []);
  assert.deepEqual(subjectsOf(await lookup('+13474960003')), []);
  assert.equal(bridge.bridge.context.runtime('crm')!.phoneIndex, undefined);
  const seen = events.length;
  await bridge.bridge.context.replaceProfile(profile(crm));
  await eventMatching((event) => event.event === 'phone_index' && event.state === 'ready', seen);
  assert.deepEqual(subjectsOf(await lookup('+13474960003')), ['call with 3']);
  await bridge.bridge.context.replaceProfile({ version: 1, integrations: [] });
  assert.deepEqual(indexTables(), []);
});
