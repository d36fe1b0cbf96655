// Profile and connection endpoints: validation problems placed on their fields in words, saving applies at once, passwords never echoed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

test('an invalid profile is refused with each problem on its field, in words, and nothing changes', async () => {
  const profile = (await bridge.admin('GET', '/profile')).body;
  const broken = structuredClone(profile);
  broken.integrations[0].contacts.key = 42;
  broken.integrations[0].colour = 'blue';
  const answer = await bridge.admin('PUT', '/profile', broken);
  assert.equal(answer.status, 400);
  assert.equal(answer.body.error.code, 'invalid_profile');
  assert.deepEqual(answer.body.error.fields, [
    { path: ['integrations', 0, 'contacts', 'key'], message: 'Choose the column that identifies each contact.' },
    { path: ['integrations', 0], message: 'Deskbridge does not know the setting "colour" here: remove it.' },
  ]);
  assert.equal(answer.body.error.message, 'Choose the column that identifies each contact. (and 1 more to fix)');
  assert.equal(bridge.bridge.context.profile().integrations[0]!.contacts.key, 'id');
});

test('saving an IP allow-list with localtunnel is refused, saying why, and nothing changes', async () => {
  const profile = (await bridge.admin('GET', '/profile')).body;
  const walled = structuredClone(profile);
  walled.integrations[0].allowIps = ['203.0.113.0/24'];
  walled.tunnel = { provider: 'localtunnel', host: 'https://localtunnel.me' };
  const answer = await bridge.admin('PUT', '/profile', walled);
  assert.equal(answer.status, 400);
  const allowIps = answer.body.error.fields.find((field: { path: unknown[] }) => field.path.join('.') === 'integrations.0.allowIps');
  assert.match(allowIps?.message ?? '', /^An IP allow-list cannot be enforced through localtunnel/, JSON.stringify(answer.body.error));
  assert.equal(bridge.bridge.context.profile().tunnel.provider, profile.tunnel.provider);
});

test('validating without saving lists the same problems', async () => {
  const answer = await bridge.admin('POST', '/profile/validate', { version: 1, integrations: [{ id: 'Bad Id' }] });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ok, false);
  assert.ok(answer.body.fields.some((field: { path: unknown[]; message: string }) => field.path.join('.') === 'integrations.0.id' && field.message.startsWith('Give the integration an id')), answer.body.fields);
  assert.deepEqual(answer.body.problems, answer.body.fields.map((field: { message: string }) => field.message));
});

test('a valid profile is saved and served at once', async () => {
  const profile = (await bridge.admin('GET', '/profile')).body;
  profile.integrations[0].contacts.fields.name = '{last_name}, {first_name}';
  const answer = await bridge.admin('PUT', '/profile', profile);
  assert.equal(answer.status, 200);
  const page = await bridge.post('/contacts', { auth: { api_key: await bridge.key() } });
  assert.match(page.body.contacts[0].name, /^\S+, \S+/);
});

test('a connection test stores a typed password as a secret and never sends it back', async () => {
  const answer = await bridge.admin('POST', '/connection/test', { integration: 'office', connection: demoConnection(bridge), password: 'correct horse' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ok, true);
  assert.ok(!JSON.stringify(answer.body).includes('correct horse'));
  const name = answer.body.connection.password.secret as string;
  assert.match(name, /^wizard-office-/);
  assert.equal(await bridge.bridge.context.secrets.get(name), 'correct horse');
});

test('a failed connection test answers with the connector\'s human message', async () => {
  const answer = await bridge.admin('POST', '/connection/test', { integration: 'office', connection: { dialect: 'sqlite', filename: '/nonexistent/dir/crm.sqlite' } });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ok, false);
  assert.match(answer.body.error.code, /^db_/);
  assert.ok(answer.body.error.message.length > 10 && !/at .*\.ts:\d+/.test(answer.body.error.message), answer.body.error.message);
});

test('introspection lists tables and flags indexed columns', async () => {
  const tables = await bridge.admin('POST', '/introspect/tables', { connection: demoConnection(bridge) });
  assert.deepEqual(tables.body.tables.map((table: { name: string }) => table.name).sort(), ['agents', 'customers', 'notes', 'tickets']);
  const columns = await bridge.admin('POST', '/introspect/columns', { connection: demoConnection(bridge), source: { table: 'customers' } });
  const byName = new Map(columns.body.columns.map((column: { name: string; indexed: boolean }) => [column.name, column.indexed]));
  assert.equal(byName.get('id'), true);
  assert.equal(byName.get('updated_at'), true);
  assert.equal(byName.get('city'), false);
});

test('a draft body of the wrong shape is refused, the problem placed on its field', async () => {
  const answer = await bridge.admin('POST', '/introspect/columns', { connection: { dialect: 'oracle' }, source: { table: 'x' } });
  assert.equal(answer.status, 400);
  assert.deepEqual(answer.body.error.fields[0], { path: ['connection', 'dialect'], message: 'Choose the type of database.' });
});
