import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

let bridge: TestBridge;
let demo: Database.Database;

before(async () => {
  bridge = await startTestBridge();
  demo = new Database(path.join(bridge.dataDir, 'demo-crm.sqlite'), { readonly: true });
});
after(async () => {
  demo.close();
  await bridge.close();
});

const auth = async () => ({ api_key: await bridge.key() });

test('authorization validation: 200 for a valid key in the body, X-API-Key or Basic auth; 401 JSON otherwise', async () => {
  const key = await bridge.key();
  const valid = await bridge.post('/auth', { auth: { api_key: key } });
  assert.equal(valid.status, 200);
  assert.match(valid.headers.get('content-type') ?? '', /application\/json/);
  assert.equal((await bridge.post('/auth', {}, { headers: { 'x-api-key': key } })).status, 200);
  assert.equal((await bridge.post('/auth', {}, { headers: { authorization: `Basic ${Buffer.from(`user:${key}`).toString('base64')}` } })).status, 200);
  assert.equal((await bridge.post('/auth', {}, { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } })).status, 200);
  for (const body of [{}, { auth: { api_key: 'wrong' } }, { auth: { api_key: `${key}x` } }, { auth: { other: key } }]) {
    const response = await bridge.post('/auth', body);
    assert.equal(response.status, 401, JSON.stringify(body));
    assert.equal(response.body.error.code, 'unauthorized');
  }
  assert.equal((await bridge.post('/contacts', { auth: { api_key: 'wrong' } })).status, 401);
});

test('a revoked key stops working at once', async () => {
  const { key, info } = await bridge.bridge.context.apiKeys.create('demo');
  assert.equal((await bridge.post('/auth', { auth: { api_key: key } })).status, 200);
  await bridge.bridge.context.apiKeys.revoke(info.id);
  assert.equal((await bridge.post('/auth', { auth: { api_key: key } })).status, 401);
});

test('interactions by external id: the contact tickets, newest first, statuses mapped', async () => {
  const row = demo.prepare('select customer_id, count(*) as n from tickets group by customer_id having n >= 3 limit 1').get() as { customer_id: number; n: number };
  const response = await bridge.post('/interactions', { auth: await auth(), meta: { interaction_types: ['ticket'] }, data: { contact_external_id: String(row.customer_id) } });
  assert.equal(response.status, 200);
  assert.ok(Array.isArray(response.body));
  assert.equal(response.body.length, row.n);
  const dates = response.body.map((item: any) => item.date);
  assert.deepEqual(dates, [...dates].sort().reverse());
  for (const item of response.body) {
    assert.equal(item.type, 'ticket');
    assert.match(item.date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    assert.ok(!item.status || ['new', 'open', 'pending', 'solved', 'closed'].includes(item.status), item.status);
    assert.ok(!item.priority || ['none', 'low', 'normal', 'high', 'urgent'].includes(item.priority));
    assert.match(item.url, /^https:\/\/crm\.example\.com\/tickets\/\d+$/);
  }
});

test('interactions by phone: every stored format of the number matches E.164 input', async () => {
  const rows = demo.prepare("select c.id, c.phone from customers c where c.phone is not null and c.phone <> 'n/a' and exists (select 1 from tickets t where t.customer_id = c.id) order by c.id limit 60").all() as Array<{ id: number; phone: string }>;
  const formats = new Set<string>();
  for (const row of rows) {
    const e164 = normalizePhone(row.phone, 'US')!;
    formats.add(row.phone.replace(/\d/g, '9'));
    const response = await bridge.post('/interactions', { auth: await auth(), data: { contact_phones: [e164] } });
    assert.equal(response.status, 200);
    assert.ok(response.body.length > 0, `${row.phone} (${e164}) found nothing`);
    const ticket = demo.prepare('select id from tickets where customer_id = ? limit 1').get(row.id) as { id: number };
    assert.ok(response.body.some((item: any) => item.id === String(ticket.id) || item.type === 'note'), row.phone);
  }
  assert.ok(formats.size >= 5, `only ${formats.size} stored formats were exercised`);
});

test('interactions by e-mail, case-insensitive, when no phone matches; nothing found is an empty array', async () => {
  const row = demo.prepare("select c.id, c.email from customers c where exists (select 1 from tickets t where t.customer_id = c.id) limit 1").get() as { id: number; email: string };
  const response = await bridge.post('/interactions', { auth: await auth(), data: { contact_phones: ['+19999999999'], contact_emails: [row.email.toUpperCase()] } });
  assert.equal(response.status, 200);
  assert.ok(response.body.length > 0);
  const none = await bridge.post('/interactions', { auth: await auth(), data: { contact_emails: ['nobody@nowhere.example'] } });
  assert.deepEqual(none.body, []);
  const unknown = await bridge.post('/interactions', { auth: await auth(), data: { contact_external_id: '99999999' } });
  assert.deepEqual(unknown.body, []);
});

test('an action inserts its row (201 with the new id) and the note then shows as an interaction', async () => {
  const response = await bridge.post('/actions/log_call', { auth: await auth(), meta: { contact_external_id: '42', agent_external_id: '2' }, data: { subject: 'Call missed', body: 'From Jane' } });
  assert.equal(response.status, 201);
  assert.equal(response.body.contact_external_id, '42');
  const note = demo.prepare('select * from notes where id = ?').get(Number(response.body.external_id)) as any;
  assert.equal(note.subject, 'Call missed');
  assert.equal(note.customer_id, 42);
  assert.equal(note.agent_id, '2');
  assert.match(note.created_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
  const interactions = await bridge.post('/interactions', { auth: await auth(), meta: { interaction_types: ['note'] }, data: { contact_external_id: '42' } });
  assert.equal(interactions.body[0].subject, 'Call missed');
});

test('an action with a missing mandatory input is a 400 naming it, and writes nothing', async () => {
  const before = (demo.prepare('select count(*) as n from notes').get() as { n: number }).n;
  const response = await bridge.post('/actions/log_call', { auth: await auth(), meta: { contact_external_id: '1' }, data: { body: 'x' } });
  assert.equal(response.status, 400);
  assert.equal(response.body.error.code, 'missing_inputs');
  assert.deepEqual(response.body.error.missing, ['subject']);
  assert.equal(typeof response.body.message, 'string');
  assert.equal((demo.prepare('select count(*) as n from notes').get() as { n: number }).n, before);
  assert.equal((await bridge.post('/actions/nope', { auth: await auth(), data: {} })).status, 404);
});

test('agents sync answers agents with numeric paging', async () => {
  const response = await bridge.post('/agents', { auth: await auth(), meta: { offset: null } });
  assert.equal(response.status, 200);
  assert.equal(response.body.agents.length, 6);
  assert.equal(response.body.next_offset, undefined);
  assert.deepEqual(Object.keys(response.body.agents[0]).sort(), ['email', 'id', 'name']);
});

test('GET /health answers without credentials and says nothing else', async () => {
  const response = await fetch(`${bridge.bridge.bridgeUrl}/health`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('the request log has the calls, without credentials', async () => {
  const key = await bridge.key();
  await bridge.post('/contacts', { auth: { api_key: key }, meta: {} });
  const tickets = await bridge.post('/interactions', { auth: { api_key: key }, meta: { interaction_types: ['ticket'] }, data: { contact_external_id: '42' } });
  await bridge.post('/agents', { auth: { api_key: key }, meta: {} });
  const entries = await bridge.bridge.context.requestLog.list({ limit: 200 });
  const logged = (endpoint: string) => entries.find((entry) => entry.endpoint === endpoint && entry.status === 200);
  assert.ok(tickets.body.length > 0);
  // Each answer's count of what it held: contacts, interactions, agents.
  assert.equal(logged('contacts')?.records, 500);
  assert.equal(logged('interactions')?.records, tickets.body.length);
  assert.equal(logged('agents')?.records, 6);
  assert.ok(!JSON.stringify(entries).includes(key));
});
