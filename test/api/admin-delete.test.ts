// Deleting an integration: gone from the profile and from Talkdesk's reach, its keys with it; an unknown id is a 404.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

test('a deleted integration leaves the profile, its keys stop working and are gone', async () => {
  const key = await bridge.key();
  const extra = await bridge.admin('POST', '/integrations/demo/keys', { label: 'second' });
  assert.equal(extra.status, 201);
  assert.equal((await bridge.post('/contacts', { auth: { api_key: key } })).status, 200);
  const deleted = await bridge.admin('DELETE', '/integrations/demo');
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.deepEqual(deleted.body.profile.integrations, []);
  assert.ok(deleted.body.keysRemoved >= 2);
  assert.deepEqual((await bridge.admin('GET', '/profile')).body.integrations, []);
  assert.deepEqual(await bridge.bridge.context.apiKeys.list('demo'), []);
  const call = await bridge.post('/contacts', { auth: { api_key: key } });
  assert.ok(call.status === 404 || call.status === 401, `a call for the deleted integration is refused (${call.status})`);
  const again = await bridge.admin('DELETE', '/integrations/demo');
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'unknown_integration');
});
