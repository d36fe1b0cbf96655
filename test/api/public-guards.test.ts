import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

let bridge: TestBridge;
before(async () => {
  bridge = await startTestBridge({
    profile: (fixtureDir) => {
      const file = path.join(fixtureDir, 'crm.sqlite');
      createDemoDatabase(file, { contacts: 50 });
      return { version: 1, integrations: [demoIntegration(file), { ...demoIntegration(file), id: 'walled', allowIps: ['203.0.113.0/24'] }] };
    },
  });
});
after(async () => bridge.close());

test('repeated wrong keys from one source get 429 with Retry-After, while a valid key from it still works', async () => {
  let limited;
  for (let attempt = 0; attempt < 40 && !limited; attempt += 1) {
    const response = await bridge.post('/auth', { auth: { api_key: `wrong-${attempt}` } });
    if (response.status === 429) limited = response;
    else assert.equal(response.status, 401);
  }
  assert.ok(limited, 'no 429 after 40 failures');
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal((await bridge.post('/auth', { auth: { api_key: await bridge.key() } })).status, 200);
});

/** A wrong key from a loopback source address of its own, with a forged X-Forwarded-For: its status. */
function wrongKeyFrom(localAddress: string, forwardedFor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(`${bridge.url()}/auth`, {
      method: 'POST', agent: false, localAddress, headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    }, (response) => { response.resume(); response.on('end', () => resolve(response.statusCode ?? 0)); });
    call.on('error', reject);
    call.end(JSON.stringify({ auth: { api_key: 'dbk_wrong' } }));
  });
}

test('a forged X-Forwarded-For does not make a fresh source for the failed-key limit', async () => {
  const answers: number[] = [];
  for (let attempt = 0; attempt < 31; attempt += 1) answers.push(await wrongKeyFrom('127.0.0.5', `198.51.100.${attempt + 1}`));
  assert.deepEqual(answers.slice(0, 29), new Array(29).fill(401));
  assert.deepEqual(answers.slice(29), [429, 429], 'the 30th wrong key from one socket address is limited, whatever address each claims');
});

test('an IP allow-list checks the socket\'s address: a forged X-Forwarded-For does not pass it', async () => {
  const key = await bridge.key('walled');
  const direct = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled' });
  assert.equal(direct.status, 403);
  assert.equal(direct.body.error.code, 'forbidden');
  const forged = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled', headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(forged.status, 403, 'no proxy is trusted, so the header is not believed');
  assert.equal((await bridge.post('/auth', { auth: { api_key: await bridge.key() } })).status, 200, 'other integrations are not walled');
});

test('behind a proxy listed in tunnel.trustedProxies, the allow-list believes the address the proxy appended, and only that', async () => {
  const context = bridge.bridge.context;
  const before = context.profile();
  await context.replaceProfile({ ...before, tunnel: { provider: 'none', trustedProxies: ['127.0.0.1'] } });
  try {
    const key = await bridge.key('walled');
    const relayed = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(relayed.status, 200);
    const spoofed = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled', headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } });
    assert.equal(spoofed.status, 403, 'the address the proxy saw (rightmost) decides');
  } finally {
    await context.replaceProfile(before);
  }
});
