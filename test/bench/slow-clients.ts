// Benchmark (not a test): Talkdesk's calls answered while 12 callers keep trickling bodies (each opens again when cut),
// directly on the public port, through the real localtunnel relay and through an SSH reverse tunnel.
import { parseArgs } from 'node:util';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { freeLoopbackPort, startLocaltunnelRelay } from '../support/localtunnel-relay.js';
import { keepTrickling, talkdeskCall, type Target } from '../support/slow-clients.js';
import { sshdUnavailableReason, startSshServer } from '../support/ssh-server.js';
import { pollUntil } from '../support/tunnel-wait.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { seconds: { type: 'string', default: '10' }, slow: { type: 'string', default: '12' } }, strict: false });
const SECONDS = Number(values.seconds);
const SLOW = Number(values.slow);
const TALKDESK_GIVES_UP_MS = 5000;

interface Row { path: string; calls: number; inTime: number; p50: number; max: number; cut: number }

async function measure(bridge: TestBridge, path: string, target: Target): Promise<Row> {
  const attack = keepTrickling(target, '/integrations/demo/auth', SLOW);
  const auth = { auth: { api_key: await bridge.key() } };
  const calls: Array<Promise<{ status: number; ms: number }>> = [];
  const started = Date.now();
  // One call every 250 ms, each on its own connection, as Talkdesk's would arrive.
  while (Date.now() - started < SECONDS * 1000) {
    calls.push(talkdeskCall(target, '/integrations/demo/auth', auth, 15_000));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const results = await Promise.all(calls);
  attack.stop();
  const times = results.filter((result) => result.status === 200).map((result) => result.ms).sort((a, b) => a - b);
  return {
    path, calls: results.length, inTime: results.filter((result) => result.status === 200 && result.ms <= TALKDESK_GIVES_UP_MS).length,
    p50: times[Math.floor(times.length / 2)] ?? Number.NaN, max: times.at(-1) ?? Number.NaN, cut: attack.cut(),
  };
}

const relay = await startLocaltunnelRelay();
const bridge = await startTestBridge({ bridge: { tunnelTuning: { probeConnectTo: { host: '127.0.0.1', port: relay.port }, controlTimeoutMs: 3000 } } });
const rows: Row[] = [];
try {
  rows.push(await measure(bridge, 'direct', { port: Number(new URL(bridge.bridge.bridgeUrl).port) }));
  await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'localtunnel', host: relay.url, subdomain: 'bench-slow' } });
  await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the localtunnel to come online');
  rows.push(await measure(bridge, 'localtunnel relay', { port: relay.port, host: `bench-slow.localhost:${relay.port}` }));
  const noSsh = sshdUnavailableReason();
  if (noSsh) console.log(`SSH tunnel not measured: ${noSsh}`);
  else {
    const sshd = await startSshServer();
    try {
      await bridge.bridge.context.secrets.set('ssh-key', sshd.clientKey);
      const remotePort = await freeLoopbackPort();
      await bridge.bridge.context.replaceProfile({
        ...bridge.bridge.context.profile(),
        tunnel: { provider: 'ssh', host: '127.0.0.1', port: sshd.port, user: sshd.user, privateKey: { secret: 'ssh-key' }, hostKey: sshd.hostFingerprint, remotePort, publicUrl: `http://127.0.0.1:${remotePort}`, insecureForTesting: true },
      });
      await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the SSH tunnel to come online');
      rows.push(await measure(bridge, 'SSH tunnel', { port: remotePort }));
      await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'none' } });
    } finally {
      await sshd.remove();
    }
  }
} finally {
  await bridge.close();
  await relay.stop();
}

console.log(`\n${SLOW} callers trickling a body (one byte a second, opening again when cut), ${SECONDS} s of Talkdesk calls (4 a second):\n`);
console.log('| path | calls | answered within 5 s | median ms | slowest ms | slow callers cut |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.path} | ${row.calls} | ${row.inTime} (${((100 * row.inTime) / row.calls).toFixed(0)}%) | ${row.p50.toFixed(0)} | ${row.max.toFixed(0)} | ${row.cut} |`);
}
