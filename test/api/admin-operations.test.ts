// Keys, tunnel, request log with replay, metrics, alerts, Talkdesk configuration and self-test through the admin API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

test('a new key is shown once: the list has only its prefix, and a revoked key stops working', async () => {
  const created = await bridge.admin('POST', '/integrations/demo/keys', { label: 'Talkdesk' });
  assert.equal(created.status, 201);
  const key = created.body.key as string;
  const list = await bridge.admin('GET', '/integrations/demo/keys');
  assert.ok(!JSON.stringify(list.body).includes(key));
  assert.ok(list.body.keys.some((info: { prefix: string }) => key.startsWith(info.prefix)));
  assert.equal((await bridge.post('/auth', { auth: { api_key: key } })).status, 200);
  assert.equal((await bridge.admin('DELETE', `/keys/${created.body.info.id}`)).status, 204);
  assert.equal((await bridge.post('/auth', { auth: { api_key: key } })).status, 401);
  assert.equal((await bridge.admin('DELETE', `/keys/${created.body.info.id}`)).status, 404);
});

test('keys of an unknown integration are a 404', async () => {
  assert.equal((await bridge.admin('POST', '/integrations/nope/keys', {})).body.error.code, 'unknown_integration');
});

test('without a tunnel, its status says so and start answers 409 not_configured', async () => {
  assert.equal((await bridge.admin('GET', '/tunnel')).body.state, 'not_configured');
  const start = await bridge.admin('POST', '/tunnel/start');
  assert.equal(start.status, 409);
  assert.equal(start.body.error.code, 'not_configured');
});

test('a logged call can be read without credentials and replayed; the replay lands in the log', async () => {
  const key = await bridge.key();
  await bridge.post('/interactions', { auth: { api_key: key }, data: { contact_external_id: '157' } });
  const listed = await bridge.admin('GET', '/requests?endpoint=interactions&limit=5');
  const [entry] = listed.body.entries;
  assert.equal(entry.status, 200);
  const detail = await bridge.admin('GET', `/requests/${entry.id}`);
  assert.deepEqual(detail.body.body.data, { contact_external_id: '157' });
  assert.ok(!JSON.stringify(detail.body).includes(key));
  const replay = await bridge.admin('POST', `/requests/${entry.id}/replay`);
  assert.equal(replay.status, 200);
  assert.equal(replay.body.status, 200);
  assert.ok(Array.isArray(replay.body.body) && replay.body.body.length > 0);
  const after = await bridge.admin('GET', '/requests?endpoint=interactions&limit=5');
  assert.equal(after.body.entries[0].id, replay.body.logId);
  assert.ok(replay.body.logId > entry.id);
  const keys = (await bridge.admin('GET', '/integrations/demo/keys')).body.keys;
  assert.ok(keys.every((info: { label?: string }) => info.label !== 'deskbridge internal call'), 'the replay credential is not listed');
});

test('the request log pages with nextBefore and filters failures', async () => {
  for (let index = 0; index < 3; index += 1) await bridge.post('/auth', { auth: { api_key: 'wrong' } });
  const failed = await bridge.admin('GET', '/requests?status=error&limit=2');
  assert.equal(failed.body.entries.length, 2);
  assert.ok(failed.body.entries.every((entry: { status: number }) => entry.status === 401));
  const older = await bridge.admin('GET', `/requests?status=error&limit=2&before=${failed.body.nextBefore}`);
  assert.ok(older.body.entries.length >= 1);
  assert.ok(older.body.entries[0].id < failed.body.entries[1].id);
  assert.equal((await bridge.admin('GET', '/requests?limit=9999')).status, 400);
});

test('metrics count the recent calls, their error rate and p95 latency', async () => {
  const metrics = (await bridge.admin('GET', '/metrics?minutes=15')).body;
  assert.ok(metrics.requests >= 5);
  assert.ok(metrics.errorRate > 0 && metrics.errorRate < 1);
  assert.equal(typeof metrics.p95LatencyMs, 'number');
});

test('the self-test passes auth, a contact page and an interaction lookup, and the configuration names the endpoints', async () => {
  const result = await bridge.admin('POST', '/integrations/demo/self-test', {});
  assert.equal(result.body.ok, true, JSON.stringify(result.body));
  assert.deepEqual(result.body.steps.map((step: { name: string }) => step.name), ['auth', 'contacts', 'interactions']);
  const config = await bridge.admin('GET', '/integrations/demo/talkdesk-config');
  assert.equal(config.body.reachable, false);
  assert.equal(config.body.configuration.integration.auth_validation_endpoint, 'https://YOUR-PUBLIC-URL/integrations/demo/auth');
});

test('sync statistics count Talkdesk\'s runs, not the bridge\'s own calls (self-test)', async () => {
  const runs = async () => (await bridge.admin('GET', '/sync-runs?integration=demo')).body.runs as unknown[];
  const before = (await runs()).length;
  const ran = (await bridge.admin('POST', '/integrations/demo/self-test', {})).body;
  assert.equal(ran.ok, true, JSON.stringify(ran.steps));
  assert.equal((await runs()).length, before, 'the self-test\'s contact page started no run');
  const { key } = (await bridge.admin('POST', '/integrations/demo/keys', { label: 'Talkdesk' })).body as { key: string };
  assert.equal((await bridge.post('/contacts', { auth: { api_key: key }, meta: {} })).status, 200);
  assert.equal((await runs()).length, before + 1, 'a Talkdesk page started one');
});

test('revoking every key raises an alert saying what to do', async () => {
  for (const info of (await bridge.admin('GET', '/integrations/demo/keys')).body.keys) {
    if (!info.revokedAt) await bridge.admin('DELETE', `/keys/${info.id}`);
  }
  const status = await bridge.admin('GET', '/status');
  const alert = status.body.alerts.find((item: { code: string }) => item.code === 'no_active_key');
  assert.match(alert?.message ?? '', /API key was revoked.*Create a key in Security/);
});
