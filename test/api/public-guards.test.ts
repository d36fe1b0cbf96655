import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
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

test('an IP allow-list refuses other sources with 403, and believes forwarded-for only from the local relay', async () => {
  const key = await bridge.key('walled');
  const direct = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled' });
  assert.equal(direct.status, 403);
  assert.equal(direct.body.error.code, 'forbidden');
  const relayed = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled', headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(relayed.status, 200);
  const spoofed = await bridge.post('/auth', { auth: { api_key: key } }, { integration: 'walled', headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' } });
  assert.equal(spoofed.status, 403, 'the address the relay saw (rightmost) decides');
  assert.equal((await bridge.post('/auth', { auth: { api_key: await bridge.key() } })).status, 200, 'other integrations are not walled');
});
