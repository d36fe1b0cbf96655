// The SSH provider against a real OpenSSH server on loopback: forward, drop and recover, wrong host key refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../bridge/logger.js';
import type { TunnelConfig } from '../../bridge/profile/schema.js';
import { createTunnelSupervisor, probeUrl, type TunnelSupervisor } from '../../bridge/tunnel/index.js';
import { freeLoopbackPort } from '../support/localtunnel-relay.js';
import { startConnectProxyTestDouble } from '../support/connect-proxy-test-double.js';
import { sshdUnavailableReason, startSshServer, type SshServer } from '../support/ssh-server.js';
import { startPublicApp, type RunningApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

const unavailable = sshdUnavailableReason();
if (unavailable && process.env.DESKBRIDGE_REQUIRE_SERVICES === '1') {
  throw new Error(`DESKBRIDGE_REQUIRE_SERVICES=1 but the SSH tests cannot run: ${unavailable}`);
}

let sshd: SshServer;
let publicApp: RunningApp;

describe('SSH reverse tunnel through a real OpenSSH server', { skip: unavailable ? `skipped: ${unavailable}` : false }, () => {
  before(async () => {
    [sshd, publicApp] = await Promise.all([startSshServer(), startPublicApp()]);
  });
  after(async () => {
    await Promise.all([sshd?.remove(), publicApp?.close()]);
  });

  async function superviseSsh(
    hostKey: string, watcher: ReturnType<typeof watchStatus>, proxy?: { url: string; password: string }, clientKey = sshd.clientKey,
  ): Promise<{ supervisor: TunnelSupervisor; publicUrl: string }> {
    const remotePort = await freeLoopbackPort();
    const publicUrl = `http://127.0.0.1:${remotePort}`;
    const config: TunnelConfig = {
      provider: 'ssh', host: '127.0.0.1', port: sshd.port, user: sshd.user, privateKey: { secret: 'ssh-key' },
      hostKey, remoteHost: '127.0.0.1', remotePort, publicUrl,
      ...(proxy ? { proxy: proxy.url, proxyPassword: { secret: 'proxy-password' } } : {}),
    };
    const supervisor = createTunnelSupervisor({
      config, localPort: publicApp.port, logger: silentLogger(), onStatus: watcher.onStatus,
      resolveSecret: async (ref) => {
        if (proxy && 'secret' in ref && ref.secret === 'proxy-password') return proxy.password;
        assert.deepEqual(ref, { secret: 'ssh-key' });
        return clientKey;
      },
      backoff: { initialMs: 100, maxMs: 1000 }, controlTimeoutMs: 5000,
    });
    return { supervisor, publicUrl };
  }

  test('the forward carries calls to the public app, and the status is online with the configured URL', async (t) => {
    const watcher = watchStatus();
    const { supervisor, publicUrl } = await superviseSsh(sshd.hostFingerprint, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online');
    assert.equal(supervisor.status().url, publicUrl);
    const response = await fetch(`${publicUrl}/echo`);
    assert.equal((await response.json() as { app: string }).app, 'public');
  });

  test('when the server dies the tunnel goes offline, and it comes back by itself when the server returns', async (t) => {
    const watcher = watchStatus();
    const { supervisor, publicUrl } = await superviseSsh(sshd.hostFingerprint, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online');
    await sshd.kill();
    const down = await watcher.until((status) => status.state === 'offline', 10_000, 'the tunnel to notice the server is gone');
    assert.match(down.lastError ?? '', /SSH connection .* closed/);
    assert.equal((await probeUrl(publicUrl, { timeoutMs: 2000 })).ok, false, 'nothing answers on the public URL meanwhile');
    await sshd.start();
    await watcher.until((status) => status.state === 'online', 15_000, 'the tunnel to come back');
    const response = await fetch(`${publicUrl}/health`);
    assert.equal((await response.json() as { app: string }).app, 'public');
  });

  test('through an office HTTP proxy (CONNECT, with a user and a stored password) the tunnel works the same', async (t) => {
    const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: 'Pr0xy-pass' } });
    t.after(() => proxy.close());
    const watcher = watchStatus();
    const { supervisor, publicUrl } = await superviseSsh(sshd.hostFingerprint, watcher, { url: `http://office@127.0.0.1:${proxy.port}`, password: 'Pr0xy-pass' });
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online', supervisor.status().lastError);
    assert.deepEqual(proxy.requests.map((request) => request.target), [`127.0.0.1:${sshd.port}`]);
    const response = await fetch(`${publicUrl}/echo`);
    assert.equal((await response.json() as { app: string }).app, 'public');
  });

  test('a proxy that refuses the credentials says so, with what to change', async (t) => {
    const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: 'Pr0xy-pass' } });
    t.after(() => proxy.close());
    const watcher = watchStatus();
    const { supervisor } = await superviseSsh(sshd.hostFingerprint, watcher, { url: `http://office@127.0.0.1:${proxy.port}`, password: 'wrong' });
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'offline');
    assert.match(supervisor.status().lastError ?? '', /refused the user name or password \(HTTP 407\).*tunnel\.proxyPassword/);
    assert.ok(!(supervisor.status().lastError ?? '').includes('wrong'));
  });

  test('a server whose host key differs from the pinned one is refused before any forward', async (t) => {
    const watcher = watchStatus();
    const { supervisor, publicUrl } = await superviseSsh(sshd.otherFingerprint, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = supervisor.status();
    assert.equal(status.state, 'offline');
    assert.match(status.lastError ?? '', new RegExp(`presented host key ${sshd.hostFingerprint.replace(/[+/]/g, '\\$&')}, not the pinned`));
    assert.equal((await probeUrl(publicUrl, { timeoutMs: 2000 })).ok, false);
  });

  test('a login the server refuses says which user and what to check, and nothing is forwarded', async (t) => {
    const watcher = watchStatus();
    const { supervisor, publicUrl } = await superviseSsh(sshd.hostFingerprint, watcher, undefined, sshd.unknownClientKey);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = supervisor.status();
    assert.equal(status.state, 'offline');
    assert.match(status.lastError ?? '', new RegExp(`refused the login of "${sshd.user}" with its key: check the user, and that its ~/\\.ssh/authorized_keys on the server holds the public half of this key`));
    assert.equal((await probeUrl(publicUrl, { timeoutMs: 2000 })).ok, false);
  });
});
