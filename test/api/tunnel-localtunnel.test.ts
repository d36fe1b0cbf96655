// The localtunnel provider against the real localtunnel relay from npm, all on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import localtunnel from 'localtunnel';
import pino from 'pino';
import { silentLogger } from '../../bridge/logger.js';
import { createTunnelSupervisor, type TunnelSupervisor } from '../../bridge/tunnel/index.js';
import { requestThroughRelay, startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { startAdminApp, startPublicApp, type RunningApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

let relay: LocaltunnelRelay;
let publicApp: RunningApp;
let adminApp: RunningApp;

before(async () => {
  [relay, publicApp, adminApp] = await Promise.all([startLocaltunnelRelay(), startPublicApp(), startAdminApp()]);
});
after(async () => {
  await Promise.all([relay.stop(), publicApp.close(), adminApp.close()]);
});

function superviseLocaltunnel(subdomain: string, watcher: ReturnType<typeof watchStatus>, logger = silentLogger()): TunnelSupervisor {
  return createTunnelSupervisor({
    config: { provider: 'localtunnel', host: relay.url, subdomain },
    localPort: publicApp.port,
    resolveSecret: async () => { throw new Error('no secrets here'); },
    logger,
    onStatus: watcher.onStatus,
    backoff: { initialMs: 100, maxMs: 1000 },
    controlTimeoutMs: 3000,
    probeConnectTo: { host: '127.0.0.1', port: relay.port },
  });
}

describe('localtunnel through the real relay', () => {
  test('calls through the relay reach the public app, and the status says online with the URL', async (t) => {
    const watcher = watchStatus();
    const supervisor = superviseLocaltunnel('deskbridge-reach', watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = supervisor.status();
    assert.equal(status.state, 'online');
    assert.equal(status.url, 'http://deskbridge-reach.localhost');
    assert.equal(status.requestedUrl, 'http://deskbridge-reach.localhost');
    assert.equal(status.urlChanged, false);
    assert.equal(status.lastProbeOk, true);
    const answer = await requestThroughRelay(relay, 'deskbridge-reach', '/echo');
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).app, 'public');
  });

  test('no admin path answers through the tunnel', async (t) => {
    const watcher = watchStatus();
    const supervisor = superviseLocaltunnel('deskbridge-sealed', watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    for (const path of ['/', '/api/status', '/api/secrets', '/admin', '/index.html', '/api/tunnel']) {
      const answer = await requestThroughRelay(relay, 'deskbridge-sealed', path);
      assert.doesNotMatch(answer.body, /ADMIN-ONLY/, `${path} must not reach the admin app`);
      assert.equal(answer.status, 404, `${path} answers the public app's 404`);
    }
    // Aiming the Host header at the admin port does not route there either.
    const aimed = await requestThroughRelay(relay, 'x', '/api/status', `127.0.0.1:${adminApp.port}`);
    assert.doesNotMatch(aimed.body, /ADMIN-ONLY/);
    assert.deepEqual(adminApp.hits, []);
  });

  test('after the relay is killed and restarted, the same name serves again by itself', async (t) => {
    const watcher = watchStatus();
    const supervisor = superviseLocaltunnel('deskbridge-restart', watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online');
    await relay.stop();
    await watcher.until((status) => status.state === 'offline', 10_000, 'the tunnel to notice the relay is gone');
    await relay.start();
    const back = await watcher.until((status) => status.state === 'online', 15_000, 'the tunnel to come back');
    assert.equal(back.url, 'http://deskbridge-restart.localhost');
    const answer = await requestThroughRelay(relay, 'deskbridge-restart', '/echo');
    assert.equal(JSON.parse(answer.body).app, 'public');
    const states = watcher.transitions.map((transition) => transition.state);
    assert.ok(states.indexOf('offline') < states.lastIndexOf('online'), `went offline then online: ${states.join(' → ')}`);
  });

  test('the stock localtunnel client (axios 1.x via the override) still gets a name and forwards', async () => {
    const client = await localtunnel({ port: publicApp.port, host: relay.url, subdomain: 'deskbridge-stock', local_host: '127.0.0.1' });
    try {
      assert.equal(client.url, 'http://deskbridge-stock.localhost');
      const answer = await requestThroughRelay(relay, 'deskbridge-stock', '/health');
      assert.equal(JSON.parse(answer.body).app, 'public');
    } finally {
      client.close();
    }
  });

  test('when the relay grants another name, the status and the log say so loudly, and the name is reclaimed once free', async (t) => {
    const rival = await localtunnel({ port: publicApp.port, host: relay.url, subdomain: 'deskbridge-taken', local_host: '127.0.0.1' });
    let rivalClosed = false;
    t.after(() => { if (!rivalClosed) rival.close(); });
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write(chunk, _encoding, done) { logged.push(String(chunk)); done(); } }));
    const watcher = watchStatus();
    const supervisor = superviseLocaltunnel('deskbridge-taken', watcher, logger);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = supervisor.status();
    assert.equal(status.state, 'degraded');
    assert.equal(status.urlChanged, true);
    assert.equal(status.requestedUrl, 'http://deskbridge-taken.localhost');
    assert.notEqual(status.url, 'http://deskbridge-taken.localhost');
    assert.match(status.lastError ?? '', /granted http:\/\/[a-z0-9-]+\.localhost instead of http:\/\/deskbridge-taken\.localhost/);
    assert.ok(logged.some((line) => line.includes('TUNNEL URL CHANGED')), 'an error line in the log');
    rival.close();
    rivalClosed = true;
    const reclaimed = await watcher.until((next) => next.state === 'online', 20_000, 'the requested name to be reclaimed');
    assert.equal(reclaimed.url, 'http://deskbridge-taken.localhost');
    assert.equal(reclaimed.urlChanged, false);
  });
});
