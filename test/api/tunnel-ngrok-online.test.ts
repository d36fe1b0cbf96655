// The whole bridge online through ngrok (a typed test double of the SDK with an HTTPS edge on loopback), set up as the UI does it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BridgeEvent } from '../../bridge/tunnel-runner.js';
import { createNgrokSdkDouble, loopbackEdgeTls } from '../support/ngrok-sdk-double.js';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

const TOKEN = '2abcONLINEtoken_456';
const tls = loopbackEdgeTls();
const ngrok = createNgrokSdkDouble({ edgeTls: tls });
let bridge: AdminTestBridge;
const onlineWaiters: Array<(event: BridgeEvent) => void> = [];

before(async () => {
  bridge = await startAdminBridge({
    bridge: {
      onEvent: (event) => { if (event.event === 'tunnel' && event.state === 'online') onlineWaiters.splice(0).forEach((resolve) => resolve(event)); },
      // The edge's certificate is the test's own: the bridge trusts it for the public URL as an office would a re-signing firewall's.
      tunnelTuning: { ngrokSdk: ngrok.sdk, probeCa: tls.cert, backoff: { initialMs: 100, maxMs: 1000 }, controlTimeoutMs: 3000 },
    },
  });
});
after(async () => {
  await bridge.close();
  await ngrok.close();
});

test('an ngrok profile with a stored authtoken goes online at an https URL, and the self-test passes through it', async () => {
  const stored = await bridge.admin('PUT', '/tunnel/secrets/ngrok-authtoken', { value: TOKEN });
  assert.equal(stored.status, 200, JSON.stringify(stored.body));
  const profile = (await bridge.admin('GET', '/profile')).body;
  const online = new Promise<BridgeEvent>((resolve) => { onlineWaiters.push(resolve); });
  const saved = await bridge.admin('PUT', '/profile', { ...profile, tunnel: { provider: 'ngrok', authtoken: stored.body.ref } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const event = await online;

  assert.equal(ngrok.state.sessions[0]?.authtoken, TOKEN, 'the stored authtoken reached the SDK');
  const status = (await bridge.admin('GET', '/tunnel')).body;
  assert.equal(status.state, 'online');
  assert.equal(status.provider, 'ngrok');
  assert.match(status.url, /^https:\/\/localhost:\d+$/);
  assert.equal(status.url, event.url);
  assert.equal(status.url, ngrok.state.endpoints[0]?.url);
  assert.equal(status.lastProbeOk, true, 'the end-to-end probe passed through the HTTPS edge');

  const publicUrl = (await bridge.admin('GET', '/public-url')).body;
  assert.deepEqual([publicUrl.url, publicUrl.source, publicUrl.reachable], [status.url, 'tunnel', true]);
  const selfTest = await bridge.admin('POST', '/integrations/demo/self-test', {});
  assert.equal(selfTest.status, 200, JSON.stringify(selfTest.body));
  assert.equal(selfTest.body.through, status.url, 'the self-test went through the public URL');
  assert.equal(selfTest.body.source, 'tunnel');
  assert.ok(selfTest.body.ok, JSON.stringify(selfTest.body.steps));
  assert.deepEqual(selfTest.body.steps.map((step: { name: string }) => step.name), ['auth', 'contacts', 'interactions']);

  const config = (await bridge.admin('GET', '/integrations/demo/talkdesk-config')).body;
  assert.equal(config.baseUrl, status.url, 'the Talkdesk configuration names the https URL');
  assert.ok(!JSON.stringify(status).includes(TOKEN), 'the authtoken is not in the status');
});
