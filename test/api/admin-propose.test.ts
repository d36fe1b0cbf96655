// The mapping proposal through the admin API: the demo CRM read as if unknown, the proposal saved and served to Talkdesk.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

test('the demo CRM, read as an unknown database, gets the mapping it was configured with, each choice explained', async () => {
  const answer = await bridge.admin('POST', '/propose', { connection: demoConnection(bridge), id: 'demo', locale: 'en-US' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const { integration, notes } = answer.body;
  assert.equal(integration.contacts.source.table, 'customers');
  assert.equal(integration.contacts.key, 'id');
  assert.equal(integration.contacts.checkpoint, 'updated_at');
  assert.equal(integration.contacts.fields.name, '{first_name} {last_name}');
  assert.deepEqual(integration.contacts.fields.phones, ['phone', 'mobile']);
  assert.deepEqual(integration.contacts.fields.emails, ['email', 'email2']);
  assert.equal(integration.contacts.phoneRegion, 'US');
  assert.deepEqual(integration.interactions.map((item: { source: { table: string } }) => item.source.table).sort(), ['notes', 'tickets']);
  assert.equal(integration.agents?.source.table, 'agents');
  assert.equal(integration.actions[0]?.insert.table, 'notes');
  // Each interaction type comes with a contact that has rows of it, and its preview shows them.
  const tickets = integration.interactions.findIndex((item: { source: { table: string } }) => item.source.table === 'tickets');
  const example = notes.find((note: { path: string }) => note.path === `interactions[${tickets}].contactKey`)?.example;
  assert.ok(example, 'an example contact for the tickets preview');
  const preview = await bridge.admin('POST', '/preview/interactions', { connection: demoConnection(bridge), interaction: integration.interactions[tickets], contactKey: example });
  assert.equal(preview.status, 200);
  assert.ok(preview.body.interactions.length > 0);
  for (const path of ['contacts.source.table', 'contacts.key', 'contacts.checkpoint', 'contacts.fields.name', 'contacts.phoneRegion']) {
    assert.ok(notes.some((note: { path: string; reason: string }) => note.path === path && note.reason.length > 10), `a note explains ${path}`);
  }
});

test('a proposal saved as it is answers a Talkdesk sync and a lookup by phone', async () => {
  const { body } = await bridge.admin('POST', '/propose', { connection: demoConnection(bridge), id: 'demo', locale: 'en-US' });
  const current = (await bridge.admin('GET', '/profile')).body;
  const saved = await bridge.admin('PUT', '/profile', { ...current, integrations: [body.integration] });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const auth = { api_key: await bridge.key() };
  const sync = await bridge.post('/contacts', { auth });
  assert.equal(sync.status, 200);
  assert.ok(sync.body.contacts.length > 0);
  const database = new Database(demoConnection(bridge).filename, { readonly: true });
  try {
    const row = database.prepare("select c.id, c.first_name, c.last_name, c.phone from customers c where c.phone like '(%' and exists (select 1 from tickets t where t.customer_id = c.id) order by c.id limit 1").get() as { id: number; first_name: string; last_name: string; phone: string };
    const e164 = normalizePhone(row.phone, 'US')!;
    const lookup = await bridge.post('/interactions', { auth, data: { contact_phones: [e164] } });
    assert.equal(lookup.status, 200);
    const tickets = database.prepare('select count(*) as n from tickets where customer_id = ?').get(row.id) as { n: number };
    assert.ok(lookup.body.filter((item: { type: string }) => item.type === 'ticket').length >= Math.min(tickets.n, 1), JSON.stringify(lookup.body).slice(0, 300));
  } finally {
    database.close();
  }
});

test('a request without a connection is refused with the path of what is missing', async () => {
  const answer = await bridge.admin('POST', '/propose', {});
  assert.equal(answer.status, 400);
  assert.equal(answer.body.error.code, 'invalid_request');
});

test('the agents preview shows the first agents as Talkdesk receives them', async () => {
  const { body } = await bridge.admin('POST', '/propose', { connection: demoConnection(bridge), locale: 'en-US' });
  const preview = await bridge.admin('POST', '/preview/agents', { connection: demoConnection(bridge), agents: body.integration.agents });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.ok(preview.body.agents.length > 0);
  for (const agent of preview.body.agents) assert.ok(typeof agent.id === 'string' && agent.name.length > 0);
  const incomplete = await bridge.admin('POST', '/preview/agents', { connection: demoConnection(bridge), agents: { source: { table: 'agents' }, fields: { id: 'id' } } });
  assert.equal(incomplete.status, 400);
});
