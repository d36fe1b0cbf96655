// Mapping previews: contacts exactly as Talkdesk receives them, per-row problems, index warnings, interactions, action dry runs.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

const demo = () => bridge.bridge.context.profile().integrations[0]!;

test('the contact preview equals the first contacts of a Talkdesk sync page', async () => {
  const preview = await bridge.admin('POST', '/preview/contacts', { connection: demoConnection(bridge), contacts: demo().contacts, limit: 20 });
  assert.equal(preview.status, 200);
  const page = await bridge.post('/contacts', { auth: { api_key: await bridge.key() } });
  assert.deepEqual(preview.body.contacts.map((item: { contact: unknown }) => item.contact), page.body.contacts.slice(0, 20));
});

test('rows Talkdesk would receive with a fix-me get their problems listed', async () => {
  const preview = await bridge.admin('POST', '/preview/contacts', { connection: demoConnection(bridge), contacts: demo().contacts, limit: 100 });
  const problems = preview.body.contacts.flatMap((item: { problems: string[] }) => item.problems);
  assert.ok(problems.some((problem: string) => /^phone ".*" is not a valid number for region US$/.test(problem)), problems);
});

test('an unindexed checkpoint column is warned about', async () => {
  const contacts = { ...demo().contacts, checkpoint: 'created_at' };
  const preview = await bridge.admin('POST', '/preview/contacts', { connection: demoConnection(bridge), contacts, limit: 1 });
  assert.deepEqual(preview.body.warnings, ['The checkpoint column "created_at" has no index: syncs and lookups will be slow on a big table.']);
});

test('an incomplete mapping is answered with what is missing, on its fields', async () => {
  const preview = await bridge.admin('POST', '/preview/contacts', { connection: demoConnection(bridge), contacts: { source: { table: 'customers' }, checkpoint: 'updated_at', fields: {} } });
  assert.equal(preview.status, 400);
  assert.deepEqual(preview.body.error.fields, [
    { path: ['contacts', 'key'], message: 'Choose the column that identifies each contact.' },
    { path: ['contacts', 'fields', 'name'], message: 'Choose the column that holds the contact\'s name, or a template such as "{first_name} {last_name}".' },
  ]);
});

test('the interaction preview shows a contact\'s interactions as Talkdesk receives them', async () => {
  const preview = await bridge.admin('POST', '/preview/interactions', { connection: demoConnection(bridge), interaction: demo().interactions[0], contactKey: '157' });
  assert.equal(preview.status, 200);
  const lookup = await bridge.post('/interactions', { auth: { api_key: await bridge.key() }, meta: { interaction_types: ['ticket'] }, data: { contact_external_id: '157' } });
  assert.deepEqual(preview.body.interactions, lookup.body);
});

test('an action dry run checks inputs and shows the row without inserting it', async () => {
  const database = new Database(demo().connection.filename!, { readonly: true });
  const count = () => (database.prepare('select count(*) as n from notes').get() as { n: number }).n;
  const before = count();
  const missing = await bridge.admin('POST', '/preview/action', { connection: demoConnection(bridge), action: demo().actions[0], request: { meta: {}, data: {} } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, 'missing_inputs');
  const dry = await bridge.admin('POST', '/preview/action', {
    connection: demoConnection(bridge), action: demo().actions[0],
    request: { meta: { contact_external_id: '157', agent_external_id: 'a1' }, data: { subject: 'Called back' } },
  });
  assert.equal(dry.status, 200);
  assert.equal(dry.body.table, 'notes');
  assert.equal(dry.body.row.subject, 'Called back');
  assert.equal(dry.body.row.customer_id, '157');
  assert.deepEqual(dry.body.problems, []);
  assert.equal(count(), before, 'nothing was inserted');
  database.close();
});

test('a dry run names columns the table does not have', async () => {
  const action = structuredClone(demo().actions[0]!);
  action.insert.values.mood = '{data.subject}';
  const dry = await bridge.admin('POST', '/preview/action', { connection: demoConnection(bridge), action, request: { data: { subject: 'x' } } });
  assert.deepEqual(dry.body.problems, ['The table "notes" has no column "mood".']);
});
