// Slow uploads on the public port: a caller trickling a body is cut in seconds, directly, through the real localtunnel
// relay (whose client holds only 10 sockets) and through an SSH reverse tunnel, and Talkdesk's calls are answered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { freeLoopbackPort, startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { talkdeskCall, trickle, type Target } from '../support/slow-clients.js';
import { sshdUnavailableReason, startSshServer, type SshServer } from '../support/ssh-server.js';
import { withDeadline } from '../../bridge/deadline.js';
import { pollUntil } from '../support/tunnel-wait.js';

const TRICKLERS = 12;
/** Far beyond the deadlines under test, far below Node's default five minutes: only "never" fails. */
const GENEROUS_MS = 20_000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  return withDeadline(work, GENEROUS_MS, () => { throw new Error(`${what}: not within ${GENEROUS_MS} ms`); });
}

/** 12 callers trickle a body while Talkdesk calls twice: the tricklers are cut with a 408, the calls answered. */
async function slowUploadsDoNotStopTalkdesk(bridge: TestBridge, target: Target): Promise<void> {
  const tricklers = Array.from({ length: TRICKLERS }, () => trickle(target, '/integrations/demo/auth'));
  try {
    const auth = { auth: { api_key: await bridge.key() } };
    const calls = await within(Promise.all([1, 2].map(() => talkdeskCall(target, '/integrations/demo/auth', auth, GENEROUS_MS))), 'Talkdesk calls');
    assert.deepEqual(calls.map((call) => call.status), [200, 200], 'both Talkdesk calls answered');
    const cut = await within(Promise.all(tricklers.map((trickler) => trickler.closed)), 'the slow callers to be cut');
    for (const { answer } of cut) assert.match(answer, /^HTTP\/1\.1 408/, 'a slow caller is told why it was cut');
  } finally {
    for (const trickler of tricklers) trickler.stop();
  }
}

describe('slow uploads on the public port', () => {
  let bridge: TestBridge;
  let relay: LocaltunnelRelay;
  before(async () => {
    relay = await startLocaltunnelRelay();
    bridge = await startTestBridge({
      bridge: { tunnelTuning: { probeConnectTo: { host: '127.0.0.1', port: relay.port }, backoff: { initialMs: 100, maxMs: 1000 }, controlTimeoutMs: 3000 } },
    });
  });
  after(async () => {
    await bridge?.close();
    await relay?.stop();
  });

  const direct = (): Target => ({ port: Number(new URL(bridge.bridge.bridgeUrl).port) });

  test('directly: trickling callers are cut with a 408 and Talkdesk is answered', async () => {
    await slowUploadsDoNotStopTalkdesk(bridge, direct());
  });

  test('a connection that has sent nothing is not cut by the headers deadline (the localtunnel client opens its sockets ahead of calls)', async () => {
    const silent = net.connect({ host: '127.0.0.1', port: direct().port });
    silent.on('error', () => {});
    let closed = false;
    silent.once('close', () => { closed = true; });
    await new Promise((resolve) => silent.once('connect', resolve));
    // A slow caller opened after it is cut at its deadline: by then the silent one has outlived the headers deadline.
    const trickler = trickle(direct(), '/integrations/demo/auth');
    await within(trickler.closed, 'the slow caller to be cut');
    assert.equal(closed, false, 'the silent connection is still open');
    // It still serves a call sent late.
    const answer = new Promise<string>((resolve) => { let text = ''; silent.on('data', (chunk: Buffer) => { text += chunk.toString(); if (text.includes('\r\n\r\n')) resolve(text); }); });
    silent.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.match(await within(answer, 'the late call'), /^HTTP\/1\.1 200/);
    silent.destroy();
  });

  test('through the real localtunnel relay (10 sockets): trickling callers are cut and Talkdesk is answered', async () => {
    await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'localtunnel', host: relay.url, subdomain: 'slow-relay' } });
    await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the tunnel to come online');
    await slowUploadsDoNotStopTalkdesk(bridge, { port: relay.port, host: `slow-relay.localhost:${relay.port}` });
    await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'none' } });
  });

  const noSsh = sshdUnavailableReason();
  test('through an SSH reverse tunnel: trickling callers are cut and Talkdesk is answered', { skip: noSsh ? `skipped: ${noSsh}` : false }, async (t) => {
    const sshd: SshServer = await startSshServer();
    t.after(() => sshd.remove());
    await bridge.bridge.context.secrets.set('ssh-key', sshd.clientKey);
    const remotePort = await freeLoopbackPort();
    await bridge.bridge.context.replaceProfile({
      ...bridge.bridge.context.profile(),
      tunnel: { provider: 'ssh', host: '127.0.0.1', port: sshd.port, user: sshd.user, privateKey: { secret: 'ssh-key' }, hostKey: sshd.hostFingerprint, remotePort,
        publicUrl: `http://127.0.0.1:${remotePort}`, insecureForTesting: true },
    });
    await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the SSH tunnel to come online');
    await slowUploadsDoNotStopTalkdesk(bridge, { port: remotePort });
    await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'none' } });
  });
});

describe('slow uploads with several public processes', () => {
  let bridge: TestBridge;
  before(async () => { bridge = await startTestBridge({ bridge: { publicProcesses: 2 } }); });
  after(async () => bridge?.close());

  test('every process cuts trickling callers, and Talkdesk is answered', async () => {
    await slowUploadsDoNotStopTalkdesk(bridge, { port: Number(new URL(bridge.bridge.bridgeUrl).port) });
    const connections = bridge.bridge.publicProcesses().map((process) => process.connections);
    assert.ok(connections.every((count) => count > 0), `connections went to every process: ${connections.join(', ')}`);
  });
});
