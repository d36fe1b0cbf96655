// The ngrok provider against the real ngrok service, only when NGROK_AUTHTOKEN is set (this machine cannot reach ngrok otherwise).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../bridge/logger.js';
import type { TunnelConfig } from '../../bridge/profile/schema.js';
import { createTunnelSupervisor } from '../../bridge/tunnel/index.js';
import { startPublicApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

const token = process.env.NGROK_AUTHTOKEN;
const domain = process.env.NGROK_DOMAIN;
const skip = token ? false : 'skipped: set NGROK_AUTHTOKEN (and optionally NGROK_DOMAIN, a domain reserved on that account) to run against the real ngrok service';

describe('ngrok provider against the real service', { skip }, () => {
  test('goes online with an https URL, the probe passes, and a call through the URL reaches the public app', async (t) => {
    const app = await startPublicApp();
    t.after(() => app.close());
    const watcher = watchStatus();
    const config: TunnelConfig = { provider: 'ngrok', authtoken: { env: 'NGROK_AUTHTOKEN' }, pooling: false, ...(domain ? { domain } : {}) };
    const supervisor = createTunnelSupervisor({
      config, localPort: app.port, logger: silentLogger(), onStatus: watcher.onStatus,
      resolveSecret: async (ref) => ('env' in ref ? process.env[ref.env] ?? '' : ''),
    });
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = await watcher.until((current) => current.state === 'online', 30_000, 'online through ngrok');
    assert.match(status.url ?? '', /^https:\/\//);
    if (domain) assert.equal(status.url, `https://${domain}`);
    const echo = await (await fetch(`${status.url}/echo`, { headers: { 'ngrok-skip-browser-warning': 'deskbridge' } })).json() as { app: string; headers: Record<string, string> };
    assert.equal(echo.app, 'public');
    assert.ok(echo.headers['x-forwarded-for'], 'ngrok states the caller address');
  });

  test('a malformed authtoken is refused with ngrok\'s code and words that say what to do', async () => {
    const supervisor = createTunnelSupervisor({
      config: { provider: 'ngrok', authtoken: { secret: 'bad' }, pooling: false }, localPort: 1, logger: silentLogger(),
      resolveSecret: async () => 'not-an-ngrok-token', backoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    await supervisor.start();
    const status = supervisor.status();
    await supervisor.stop();
    assert.match(status.lastError ?? '', /authtoken.*\(ERR_NGROK_10[57]\)/);
    assert.ok(!(status.lastError ?? '').includes('not-an-ngrok-token'));
  });
});
