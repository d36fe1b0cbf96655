import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { BridgeEvent } from '../../bridge/tunnel-runner.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { requestThroughRelay, startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { pollUntil } from '../support/tunnel-wait.js';

let relay: LocaltunnelRelay;
let bridge: TestBridge;
const events: BridgeEvent[] = [];

before(async () => {
  relay = await startLocaltunnelRelay();
  bridge = await startTestBridge({
    bridge: {
      onEvent: (event) => events.push(event),
      tunnelTuning: { probeConnectTo: { host: '127.0.0.1', port: relay.port }, backoff: { initialMs: 100, maxMs: 1000 }, controlTimeoutMs: 3000 },
    },
  });
});
after(async () => {
  await bridge.close();
  await relay.stop();
});

/** A POST through the relay to the tunnel `<name>.localhost`, as Talkdesk would send it. */
function postThroughRelay(name: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request({
      host: '127.0.0.1', port: relay.port, path, method: 'POST', agent: false, timeout: 5000,
      headers: { host: `${name}.localhost:${relay.port}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

test('a profile with a localtunnel starts it: the public URL is reported, Talkdesk calls work through it, the admin side does not', async () => {
  const profile = bridge.bridge.context.profile();
  await bridge.bridge.context.replaceProfile({ ...profile, tunnel: { provider: 'localtunnel', host: relay.url, subdomain: 'bridge-e2e' } });
  await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the tunnel to come online');
  assert.equal(bridge.bridge.publicUrl(), 'http://bridge-e2e.localhost');
  assert.ok(events.some((event) => event.event === 'tunnel' && event.state === 'online'), JSON.stringify(events));
  // The URL is remembered for `talkdesk-config` (written just after the transition is reported).
  await pollUntil(async () => (await bridge.bridge.context.settings.get('public_url')) === 'http://bridge-e2e.localhost' || undefined, 5000, 'the public URL to be remembered');

  // While localtunnel runs, the dashboard's alerts say it is unencrypted to the relay.
  const status = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/status`, { headers: { authorization: `Bearer ${bridge.bridge.adminToken}` } });
  const alerts = (await status.json() as { alerts: Array<{ code: string; message: string }> }).alerts;
  assert.match(alerts.find((alert) => alert.code === 'tunnel_unencrypted')?.message ?? '', /unencrypted between this computer and a public relay run by others/);

  // Talkdesk is never given the relay's plain-HTTP URL, as `deskbridge talkdesk-config` refuses it.
  const exported = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/integrations/demo/talkdesk-config`, { headers: { authorization: `Bearer ${bridge.bridge.adminToken}` } });
  assert.equal(exported.status, 409);
  assert.match((await exported.json() as { error: { message: string } }).error.message,
    /^The tunnel's \(localtunnel\) public URL http:\/\/bridge-e2e\.localhost must start with https:\/\/: .*must be encrypted\. .*choose a tunnel with an https:\/\/ URL on the Go live page/);

  const sync = await postThroughRelay('bridge-e2e', '/integrations/demo/contacts', { auth: { api_key: await bridge.key() } });
  assert.equal(sync.status, 200);
  assert.equal(sync.body.contacts.length, 500);
  const health = await requestThroughRelay(relay, 'bridge-e2e', '/health');
  assert.equal(health.status, 200);
  for (const path of ['/', '/api/status', '/api/profile', '/api/keys', '/index.html']) {
    const answer = await requestThroughRelay(relay, 'bridge-e2e', path);
    assert.equal(answer.status, 404, `${path} answered through the tunnel`);
    assert.ok(!answer.body.includes('Deskbridge</title>'), `${path} served the UI through the tunnel`);
  }
  const adminPort = new URL(bridge.bridge.adminUrl).port;
  // A Host aimed at the admin port reaches the relay's own pages (its /api/status), never the admin app.
  const aimed = await requestThroughRelay(relay, 'bridge-e2e', '/api/status', `127.0.0.1:${adminPort}`);
  assert.ok(!/integrations|admin API|token/i.test(aimed.body), aimed.body);
});

test('through the relay, which passes on the caller\'s X-Forwarded-For, a forged one does not escape the failed-key limit', async () => {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 31; attempt += 1) {
    const answer = await postThroughRelay('bridge-e2e', '/integrations/demo/auth', { auth: { api_key: 'dbk_wrong' } }, { 'x-forwarded-for': `198.51.100.${attempt + 1}` });
    statuses.push(answer.status);
  }
  assert.deepEqual(statuses.slice(0, 29), new Array(29).fill(401));
  assert.deepEqual(statuses.slice(29), [429, 429], 'callers no one vouches for share one count');
  const valid = await postThroughRelay('bridge-e2e', '/integrations/demo/auth', { auth: { api_key: await bridge.key() } }, { 'x-forwarded-for': '198.51.100.99' });
  assert.equal(valid.status, 200, 'a valid key always passes');
});

test('pausing and resuming through the tunnel control, and a profile without a tunnel stops it', async () => {
  const control = bridge.bridge.context.tunnel();
  assert.ok(control);
  await control.pause();
  assert.equal(bridge.bridge.publicUrl(), null);
  await control.resume();
  await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the tunnel to come back');
  await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'none' } });
  assert.equal(bridge.bridge.context.tunnel(), undefined);
  assert.equal(bridge.bridge.publicUrl(), null);
});
