// The admin API refuses callers without the launch token, foreign Host names and cross-site browser requests.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

function getWithHost(url: string, host: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers: { host, authorization: `Bearer ${token}` } }, (response) => { response.resume(); resolve(response.statusCode ?? 0); });
    call.on('error', reject);
    call.end();
  });
}

test('a call without the token is refused with 401 and a JSON error', async () => {
  const response = await fetch(`${bridge.origin}/api/status`);
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
});

test('a wrong token is refused like a missing one', async () => {
  const answer = await bridge.admin('GET', '/profile', undefined, { authorization: 'Bearer not-the-token' });
  assert.equal(answer.status, 401);
});

test('with the token, the status names the database and tunnel states the desktop shell reads', async () => {
  const answer = await bridge.admin('GET', '/status');
  assert.equal(answer.status, 200);
  assert.equal(answer.body.database.state, 'ok');
  assert.equal(answer.body.tunnel.state, 'not_configured');
  assert.equal(answer.body.integrations[0].activeKeys, 1);
});

test('a request whose Host is not a loopback name is refused with 403 (DNS rebinding)', async () => {
  assert.equal(await getWithHost(`${bridge.origin}/api/status`, 'evil.example:80', bridge.bridge.adminToken), 403);
  assert.equal(await getWithHost(`${bridge.origin}/api/status`, new URL(bridge.origin).host, bridge.bridge.adminToken), 200);
});

test('the UI page is served without the token, with headers that keep it out of frames', async () => {
  const response = await fetch(`${bridge.origin}/`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
});

test('a browser request from another site is refused with 403', async () => {
  const answer = await bridge.admin('POST', '/integrations/demo/keys', {}, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
  assert.equal(answer.status, 403);
  assert.equal((await bridge.admin('GET', '/integrations/demo/keys')).body.keys.length, 1, 'no key was created');
});
