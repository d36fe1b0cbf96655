// A runaway SQLite query (a recursive CTE in a custom SQL source) is stopped at queryTimeoutMs with db_timeout, while
// /health and another integration keep answering, and the next call works.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import type { ProfileInput } from '../../bridge/profile/schema.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

const QUERY_TIMEOUT_MS = 1000;
/**
 * Rows counting up while the flags table has a row: runaway then, one row otherwise. The bound only lets the
 * unfixed bridge (which cannot stop it) finish within the test run; it is far past the timeout.
 */
const RUNAWAY = 'with recursive r(x) as (select 1 union all select x + 1 from r where x < 20000000 and exists (select 1 from flags)) select count(*) from r';
/** A source of the customers that reads the runaway rows first. */
const RUNAWAY_CUSTOMERS = `select * from customers where (${RUNAWAY}) > 0`;
const RUNAWAY_TICKETS = `select * from tickets where (${RUNAWAY}) > 0`;

let bridge: TestBridge;
let file: string;
let database: Database.Database;
let officeKey: string;

function createFixture(dataDir: string): string {
  const filename = path.join(dataDir, 'office.sqlite');
  const db = new Database(filename);
  db.exec(`
    create table flags (raised integer);
    create table customers (id integer primary key, name text, phone text, updated_at text);
    create table tickets (id integer primary key, customer_id integer, subject text, created_at text);
    insert into customers values (1, 'Ada', '+12125550101', '2024-01-01 00:00:00'), (2, 'Bo', '+12125550102', '2024-01-02 00:00:00');
    insert into tickets values (10, 1, 'Broken', '2024-01-03 00:00:00');`);
  db.close();
  return filename;
}

function integration(id: string, contactsSource: { table: string } | { sql: string }, ticketsSource: { table: string } | { sql: string }) {
  return {
    id, displayName: id,
    connection: { dialect: 'sqlite' as const, filename: file, queryTimeoutMs: QUERY_TIMEOUT_MS },
    contacts: { source: contactsSource, key: 'id', checkpoint: 'updated_at', fields: { name: 'name', phones: 'phone' } },
    interactions: [{ type: 'ticket', source: ticketsSource, contactKey: 'customer_id', fields: { id: 'id', subject: 'subject', date: 'created_at' } }],
  };
}

before(async () => {
  bridge = await startTestBridge({
    profile: (dataDir): ProfileInput => {
      file = createFixture(dataDir);
      return {
        version: 1,
        integrations: [
          integration('office', { table: 'customers' }, { table: 'tickets' }),
          integration('custom', { sql: RUNAWAY_CUSTOMERS }, { sql: RUNAWAY_TICKETS }),
        ],
      };
    },
  });
  database = new Database(file);
  // The other integration's key made, and its first lookup (which starts its reading process) answered, before any
  // runaway query: what is counted while one runs is only whether the bridge keeps answering.
  officeKey = await bridge.key('office');
  const first = await bridge.post('/interactions', { auth: { api_key: officeKey }, data: { contact_external_id: '1' } }, { integration: 'office' });
  assert.equal(first.status, 200, JSON.stringify(first.body));
});

after(async () => {
  database?.close();
  await bridge?.close();
});

const raiseFlag = () => database.exec('insert into flags values (1)');
const lowerFlag = () => database.exec('delete from flags');

async function health(): Promise<number> {
  return (await fetch(`${bridge.bridge.bridgeUrl}/health`)).status;
}

async function adminPreview(contacts: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/preview/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bridge.bridge.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ connection: { dialect: 'sqlite', filename: file, queryTimeoutMs: QUERY_TIMEOUT_MS }, contacts, limit: 5 }),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Runs `call` and, while it is unanswered, calls /health and the other integration one after another. Returns the
 * call's answer and what was answered before it: each of those was asked while the runaway query ran.
 */
async function whileRunning<T>(call: Promise<T>): Promise<{ answer: T; healthAnswers: number; lookups: number[] }> {
  let settled = false;
  const answer = call.finally(() => { settled = true; });
  let healthAnswers = 0;
  const lookups: number[] = [];
  while (!settled) {
    const [status, lookup] = await Promise.all([
      health(),
      bridge.post('/interactions', { auth: { api_key: officeKey }, data: { contact_external_id: '1' } }, { integration: 'office' }),
    ]);
    if (settled) break;
    if (status === 200) healthAnswers += 1;
    lookups.push(lookup.status);
  }
  return { answer: await answer, healthAnswers, lookups };
}

function assertAnsweredMeanwhile(result: { healthAnswers: number; lookups: number[] }): void {
  // Sequential calls each wait for the one before: several answers mean the event loop was free while the query ran.
  assert.ok(result.healthAnswers >= 3, `/health answered ${result.healthAnswers} times while the query ran`);
  assert.ok(result.lookups.length >= 3 && result.lookups.every((status) => status === 200), `the other integration answered ${result.lookups.join(', ')}`);
}

function assertTimedOut(answer: { status: number; body: any }): void {
  assert.equal(answer.status, 503, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'db_timeout');
  assert.equal(answer.body.error.message, 'The database did not answer within 1.0 s.');
}

test('a runaway custom SQL preview answers db_timeout at the timeout while the bridge keeps answering', async () => {
  const contacts = { source: { sql: RUNAWAY_CUSTOMERS }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name', phones: 'phone' } };
  assert.equal((await adminPreview(contacts)).status, 200, 'the preview works without the runaway rows');
  raiseFlag();
  try {
    const result = await whileRunning(adminPreview(contacts));
    assertTimedOut(result.answer);
    assertAnsweredMeanwhile(result);
  } finally {
    lowerFlag();
  }
  const next = await adminPreview(contacts);
  assert.equal(next.status, 200, 'the next preview on the same connection works');
  assert.deepEqual(next.body.contacts.map((item: { contact: { name: string } }) => item.contact.name), ['Ada', 'Bo']);
});

test('a caller lookup over a runaway custom SQL source answers db_timeout while the bridge keeps answering', async () => {
  const lookup = async () => bridge.post('/interactions', { auth: { api_key: await bridge.key('custom') }, data: { contact_external_id: '1' } }, { integration: 'custom' });
  raiseFlag();
  try {
    const result = await whileRunning(lookup());
    assertTimedOut(result.answer);
    assertAnsweredMeanwhile(result);
  } finally {
    lowerFlag();
  }
  const next = await lookup();
  assert.equal(next.status, 200, JSON.stringify(next.body));
  assert.deepEqual(next.body.map((interaction: { subject: string }) => interaction.subject), ['Broken']);
});

test('a runaway contact sync page answers db_timeout at the timeout, and the next page is read', async () => {
  const page = async () => bridge.post('/contacts', { auth: { api_key: await bridge.key('custom') } }, { integration: 'custom' });
  raiseFlag();
  try {
    const result = await whileRunning(page());
    assertTimedOut(result.answer);
    assertAnsweredMeanwhile(result);
  } finally {
    lowerFlag();
  }
  const next = await page();
  assert.equal(next.status, 200, JSON.stringify(next.body));
  assert.deepEqual(next.body.contacts.map((contact: { name: string }) => contact.name), ['Ada', 'Bo']);
});
