// The supervisor's status model, backoff and probe classification, with an in-memory provider test double.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { silentLogger } from '../../bridge/logger.js';
import { classifyResponse, createTunnelSupervisor, probeUrl, type TunnelProvider, type TunnelSession } from '../../bridge/tunnel/index.js';
import { createStatusTracker } from '../../bridge/tunnel/status.js';
import { backoffDelay } from '../../bridge/tunnel/timing.js';
import { listenLoopback, startPublicApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

/** A provider test double: sessions point at a real loopback app; the test drops them or makes connects fail. */
function inMemoryProviderDouble(url: string) {
  const drops: Array<(error: Error) => void> = [];
  const state = { failNext: 0, connects: 0 };
  const provider: TunnelProvider = {
    name: 'external', requestedUrl: url, probeHeaders: { 'x-probe': 'yes' },
    async connect(): Promise<TunnelSession> {
      state.connects += 1;
      if (state.failNext > 0) { state.failNext -= 1; throw new Error('relay unreachable'); }
      let drop: (error: Error) => void = () => {};
      const dropped = new Promise<Error>((resolve) => { drop = resolve; });
      drops.push(drop);
      return { url, requestedUrl: url, dropped, close: async () => drop(new Error('closed')) };
    },
  };
  return { provider, state, dropLatest: () => drops.at(-1)?.(new Error('link lost')) };
}

function supervise(provider: TunnelProvider, watcher: ReturnType<typeof watchStatus>, historyLimit?: number) {
  return createTunnelSupervisor({
    config: { provider: 'external', url: 'http://unused.invalid' }, provider, localPort: 1, logger: silentLogger(),
    resolveSecret: async () => '', onStatus: watcher.onStatus, backoff: { initialMs: 20, maxMs: 100 }, historyLimit,
  });
}

describe('tunnel supervisor', () => {
  test('retries a failing connect with backoff, goes online, and recovers from a drop', async (t) => {
    const app = await startPublicApp();
    t.after(() => app.close());
    const double = inMemoryProviderDouble(app.url);
    double.state.failNext = 2;
    const watcher = watchStatus();
    const supervisor = supervise(double.provider, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    await watcher.until((status) => status.state === 'online', 5000, 'online after two failures');
    assert.equal(double.state.connects, 3);
    assert.deepEqual(watcher.transitions.map((entry) => entry.state).slice(0, 6), ['connecting', 'offline', 'connecting', 'offline', 'connecting', 'online']);
    assert.match(watcher.transitions[1]?.detail ?? '', /relay unreachable\. Retrying in \d+ ms\./);
    double.dropLatest();
    await watcher.until((status) => status.state === 'offline' && /link lost/.test(status.lastError ?? ''), 5000, 'offline after the drop');
    const back = await watcher.until((status) => status.state === 'online', 5000, 'online again');
    assert.equal(back.url, app.url);
    assert.equal(back.lastProbeOk, true);
    assert.ok(app.hits.filter((path) => path === '/health').length >= 2, 'each session was probed end to end');
  });

  test('pause closes the tunnel and resume brings it back; stop is final', async (t) => {
    const app = await startPublicApp();
    t.after(() => app.close());
    const double = inMemoryProviderDouble(app.url);
    const watcher = watchStatus();
    const supervisor = supervise(double.provider, watcher);
    await supervisor.start();
    await supervisor.pause();
    assert.equal(supervisor.status().state, 'stopped');
    assert.equal(supervisor.status().history.at(-1)?.detail, 'Paused.');
    await supervisor.resume();
    assert.equal(supervisor.status().state, 'online');
    await supervisor.stop();
    assert.equal(supervisor.status().state, 'stopped');
    assert.equal(double.state.connects, 2);
  });

  test('no tunnel configured: start leaves it stopped and says why', async () => {
    const watcher = watchStatus();
    const supervisor = createTunnelSupervisor({ config: { provider: 'none' }, localPort: 1, logger: silentLogger(), resolveSecret: async () => '', onStatus: watcher.onStatus });
    await supervisor.start();
    assert.equal(supervisor.status().state, 'stopped');
    assert.equal(supervisor.status().provider, 'none');
    assert.match(supervisor.status().history[0]?.detail ?? '', /No tunnel is configured/);
  });

  test('a failed probe marks the tunnel and rebuilds it', async (t) => {
    let healthy = false;
    const app = express();
    app.get('/health', (_request, response) => {
      if (healthy) { response.json({ ok: true }); return; }
      response.status(502).type('text/plain').send('bad gateway');
    });
    const running = await listenLoopback(app);
    t.after(() => running.close());
    const double = inMemoryProviderDouble(running.url);
    const watcher = watchStatus();
    const supervisor = supervise(double.provider, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const failed = supervisor.status();
    assert.equal(failed.lastProbeOk, false);
    assert.match(failed.lastError ?? '', /probe failed: The relay answered HTTP 502 \("bad gateway"\)/);
    healthy = true;
    await watcher.until((status) => status.state === 'online', 5000, 'online once the probe passes');
    assert.ok(double.state.connects >= 2, 'the tunnel was rebuilt');
  });
});

describe('status model, backoff and probe', () => {
  test('history keeps the most recent transitions only', () => {
    const tracker = createStatusTracker({ provider: 'ssh', limit: 3 });
    for (let index = 0; index < 10; index += 1) tracker.transition(index % 2 ? 'online' : 'offline', { url: 'http://x', detail: `#${index}` });
    const history = tracker.snapshot().history;
    assert.equal(history.length, 3);
    assert.deepEqual(history.map((entry) => entry.detail), ['#7', '#8', '#9']);
  });

  test('backoff grows exponentially, is capped, and is jittered between half and all of its step', () => {
    const options = { initialMs: 500, maxMs: 30_000 };
    assert.equal(backoffDelay(0, options, () => 0), 250);
    assert.equal(backoffDelay(0, options, () => 1), 500);
    assert.equal(backoffDelay(3, options, () => 1), 4000);
    assert.equal(backoffDelay(50, options, () => 1), 30_000);
    assert.equal(backoffDelay(50, options, () => 0), 15_000);
  });

  test('the probe sends the reminder-bypass header and explains a relay reminder page', async (t) => {
    const seen: Array<string | undefined> = [];
    const app = express();
    app.get('/health', (request, response) => {
      seen.push(request.headers['bypass-tunnel-reminder'] as string | undefined);
      response.type('html').send('<!doctype html><html><title>Friendly Reminder</title><body>enter the tunnel password</body></html>');
    });
    const running = await listenLoopback(app);
    t.after(() => running.close());
    const result = await probeUrl(running.url, { timeoutMs: 2000, headers: { 'bypass-tunnel-reminder': 'deskbridge' } });
    assert.equal(result.ok, false);
    assert.match(result.detail, /reminder page/);
    assert.deepEqual(seen, ['deskbridge']);
    assert.match(classifyResponse(503, 'text/html', '<html><title>503 Service Unavailable</title></html>').detail, /HTML page \(HTTP 503, "503 Service Unavailable"\)/);
    assert.equal(classifyResponse(503, 'application/json; charset=utf-8', '{}').ok, true, 'the bridge answered, even if unhealthy');
  });
});
