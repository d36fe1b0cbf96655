// Benchmark (not a test): recovery time after a localtunnel relay restart, and the latency the loopback relay adds.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../bridge/logger.js';
import { createTunnelSupervisor } from '../../bridge/tunnel/index.js';
import { startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { startPublicApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

const RESTARTS = 10;
const CALLS = 300;
const NAME = 'deskbridge-bench';

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function timedGet(agent: http.Agent, port: number, host: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/echo', agent, headers: { host, 'bypass-tunnel-reminder': 'bench' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${response.statusCode}`))));
    }).on('error', reject);
  });
}

async function measureLatency(port: number, host: string): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let warmup = 0; warmup < 20; warmup += 1) await timedGet(agent, port, host);
  const times: number[] = [];
  for (let call = 0; call < CALLS; call += 1) times.push(await timedGet(agent, port, host));
  agent.destroy();
  return times;
}

async function measureRecovery(relay: LocaltunnelRelay, watcher: ReturnType<typeof watchStatus>): Promise<{ fromKill: number[]; fromReady: number[] }> {
  const fromKill: number[] = [];
  const fromReady: number[] = [];
  for (let restart = 0; restart < RESTARTS; restart += 1) {
    const killedAt = performance.now();
    await relay.stop();
    await watcher.until((status) => status.state === 'offline', 10_000, 'offline');
    await relay.start();
    const readyAt = performance.now();
    await watcher.until((status) => status.state === 'online', 60_000, 'online');
    fromKill.push(performance.now() - killedAt);
    fromReady.push(performance.now() - readyAt);
  }
  return { fromKill, fromReady };
}

const [relay, app] = await Promise.all([startLocaltunnelRelay(), startPublicApp()]);
const watcher = watchStatus();
const supervisor = createTunnelSupervisor({
  config: { provider: 'localtunnel', host: relay.url, subdomain: NAME }, localPort: app.port, logger: silentLogger(),
  resolveSecret: async () => '', onStatus: watcher.onStatus, probeConnectTo: { host: '127.0.0.1', port: relay.port },
});
try {
  await supervisor.start();
  if (supervisor.status().state !== 'online') throw new Error(`tunnel not online: ${supervisor.status().lastError}`);
  const direct = await measureLatency(app.port, `127.0.0.1:${app.port}`);
  const relayed = await measureLatency(relay.port, `${NAME}.localhost:${relay.port}`);
  const recovery = await measureRecovery(relay, watcher);
  const ms = (value: number) => value.toFixed(2);
  console.log(`\nTunnel benchmark (loopback localtunnel relay, default backoff 0.5 s doubling to 30 s with jitter)\n`);
  console.table([
    { figure: `GET /echo direct, ${CALLS} calls`, p50_ms: ms(percentile(direct, 0.5)), p95_ms: ms(percentile(direct, 0.95)) },
    { figure: `GET /echo through relay, ${CALLS} calls`, p50_ms: ms(percentile(relayed, 0.5)), p95_ms: ms(percentile(relayed, 0.95)) },
    { figure: 'latency the relay adds', p50_ms: ms(percentile(relayed, 0.5) - percentile(direct, 0.5)), p95_ms: ms(percentile(relayed, 0.95) - percentile(direct, 0.95)) },
    { figure: `recovery, relay ready → online (${RESTARTS} restarts)`, p50_ms: ms(percentile(recovery.fromReady, 0.5)), p95_ms: ms(Math.max(...recovery.fromReady)) + ' (max)' },
    { figure: `recovery, relay killed → online (${RESTARTS} restarts)`, p50_ms: ms(percentile(recovery.fromKill, 0.5)), p95_ms: ms(Math.max(...recovery.fromKill)) + ' (max)' },
  ]);
  console.log(`ratio through relay / direct (p50): ${(percentile(relayed, 0.5) / percentile(direct, 0.5)).toFixed(1)}×`);
} finally {
  await supervisor.stop();
  await Promise.all([relay.stop(), app.close()]);
}
