// The ngrok provider up to the SDK boundary: a typed test double of the SDK, the real SDK on loopback, and its error messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { silentLogger } from '../../bridge/logger.js';
import { profileSchema, type TunnelConfig } from '../../bridge/profile/schema.js';
import { createTunnelSupervisor, type TunnelProvider } from '../../bridge/tunnel/index.js';
import { createNgrokProvider } from '../../bridge/tunnel/ngrok.js';
import { describeNgrokError, ngrokErrorCode } from '../../bridge/tunnel/ngrok-errors.js';
import { loadNgrokSdk, type NgrokSdk } from '../../bridge/tunnel/ngrok-sdk.js';
import { createNgrokSdkDouble, ngrokSdkError } from '../support/ngrok-sdk-double.js';
import { startPublicApp } from '../support/tunnel-apps.js';
import { watchStatus } from '../support/tunnel-wait.js';

const TOKEN = '2abcSECRETtokenValue_123';
const CONFIG: TunnelConfig = { provider: 'ngrok', authtoken: { secret: 'ngrok-token' }, pooling: false };

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

function superviseNgrok(sdk: NgrokSdk, localPort: number, watcher: ReturnType<typeof watchStatus>, config: TunnelConfig = CONFIG, logger = silentLogger()) {
  if (config.provider !== 'ngrok') throw new Error('expected an ngrok config');
  const resolved: unknown[] = [];
  const provider: TunnelProvider = createNgrokProvider({
    domain: config.domain,
    loadSettings: async () => { resolved.push(config.authtoken); return { authtoken: TOKEN, domain: config.domain, pooling: config.pooling }; },
    loadSdk: async () => sdk,
  });
  const supervisor = createTunnelSupervisor({
    config, provider, localPort, logger, resolveSecret: async () => TOKEN, onStatus: watcher.onStatus,
    backoff: { initialMs: 20, maxMs: 100 }, controlTimeoutMs: 2000,
  });
  return { supervisor, resolved };
}

describe('ngrok profile settings', () => {
  test('the authtoken is a secret reference; inline tokens and URLs as domains are refused with the path', () => {
    const parse = (tunnel: unknown) => profileSchema.safeParse({ version: 1, integrations: [], tunnel });
    const ok = parse({ provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'Acme.ngrok.app' });
    assert.ok(ok.success);
    assert.deepEqual(ok.data.tunnel, { provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'acme.ngrok.app', pooling: false });
    assert.ok(parse({ provider: 'ngrok', authtoken: { env: 'NGROK_AUTHTOKEN' } }).success);
    const inline = parse({ provider: 'ngrok', authtoken: TOKEN });
    assert.ok(!inline.success);
    assert.deepEqual(inline.error.issues[0]?.path, ['tunnel', 'authtoken']);
    const url = parse({ provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'https://acme.ngrok.app/' });
    assert.ok(!url.success);
    assert.match(url.error.issues[0]?.message ?? '', /domain name such as "acme\.ngrok\.app"/);
    const region = parse({ provider: 'ngrok', authtoken: { secret: 'ngrok' }, region: 'eu' });
    assert.ok(!region.success);
    assert.deepEqual(region.error.issues[0]?.path, ['tunnel', 'region']);
    assert.match(region.error.issues[0]?.message ?? '', /nearest region by itself/);
  });
});

describe('ngrok provider with a test double of the SDK', () => {
  test('goes online through the edge, forwards to the public app on loopback, and the probe passed through ngrok', async (t) => {
    const [app, double] = [await startPublicApp(), createNgrokSdkDouble()];
    t.after(async () => { await app.close(); await double.close(); });
    const watcher = watchStatus();
    const { supervisor, resolved } = superviseNgrok(double.sdk, app.port, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const status = supervisor.status();
    assert.equal(status.state, 'online');
    assert.equal(status.provider, 'ngrok');
    assert.equal(status.url, double.state.endpoints[0]?.url);
    assert.equal(status.lastProbeOk, true);
    assert.deepEqual(resolved, [{ secret: 'ngrok-token' }], 'the secret is resolved at connect');
    assert.equal(double.state.sessions[0]?.authtoken, TOKEN);
    assert.deepEqual(double.state.endpoints[0], { pooling: false, forwardsTo: `http://127.0.0.1:${app.port}`, url: status.url });
    const echo = await (await fetch(`${status.url}/echo`)).json() as { app: string; headers: Record<string, string> };
    assert.equal(echo.app, 'public');
    assert.equal(echo.headers['x-forwarded-for'], '127.0.0.1');
  });

  test('a reserved domain and pooling reach the SDK; the domain is the URL asked for and served', async (t) => {
    const double = createNgrokSdkDouble();
    t.after(() => double.close());
    const provider = createNgrokProvider({
      domain: 'acme.ngrok.app', loadSdk: async () => double.sdk,
      loadSettings: async () => ({ authtoken: TOKEN, domain: 'acme.ngrok.app', pooling: true }),
    });
    assert.equal(provider.requestedUrl, 'https://acme.ngrok.app');
    assert.equal(provider.probeHeaders['ngrok-skip-browser-warning'], 'deskbridge');
    const session = await provider.connect({ localPort: 4321, timeoutMs: 1000 });
    assert.equal(session.url, 'https://acme.ngrok.app');
    assert.equal(session.requestedUrl, 'https://acme.ngrok.app');
    assert.deepEqual(double.state.endpoints[0], { domain: 'acme.ngrok.app', pooling: true, forwardsTo: 'http://127.0.0.1:4321', url: 'https://acme.ngrok.app' });
    await session.close();
    assert.equal(double.state.sessions[0]?.closed, true);
    assert.equal(double.state.edgesOpen, 0);
  });

  test('a revoked authtoken is explained with its code, retried with backoff, and the token never reaches the status or the log', async (t) => {
    const [app, double] = [await startPublicApp(), createNgrokSdkDouble()];
    t.after(async () => { await app.close(); await double.close(); });
    double.state.nextConnectErrors.push(ngrokSdkError('ERR_NGROK_107',
      `failed to start ngrok session: authentication failure: The authtoken you specified is properly formed, but it is invalid.\nYour authtoken: ${TOKEN}\nThis usually happens when:`));
    const watcher = watchStatus();
    const { logger, lines } = captureLogger();
    const { supervisor } = superviseNgrok(double.sdk, app.port, watcher, CONFIG, logger);
    t.after(() => supervisor.stop());
    await supervisor.start();
    const offline = watcher.transitions.find((entry) => entry.state === 'offline');
    assert.match(offline?.detail ?? '', /no longer valid \(it was reset or revoked.*\(ERR_NGROK_107\)\. Retrying in \d+ ms\./);
    await watcher.until((status) => status.state === 'online', 5000, 'online once ngrok accepts the session');
    const everything = JSON.stringify(watcher.transitions) + lines.join('');
    assert.ok(lines.some((line) => line.includes('ERR_NGROK_107')), 'the refusal is logged');
    assert.ok(!everything.includes(TOKEN), 'the authtoken appears nowhere');
  });

  test('a domain held by another agent says how to share it (pooling), and the half-open session is closed', async (t) => {
    const [app, double] = [await startPublicApp(), createNgrokSdkDouble()];
    t.after(async () => { await app.close(); await double.close(); });
    double.state.nextListenErrors.push(ngrokSdkError('ERR_NGROK_334', 'failed to bind: The endpoint https://acme.ngrok.app is already online.'));
    const watcher = watchStatus();
    const config: TunnelConfig = { ...CONFIG, domain: 'acme.ngrok.app' };
    const { supervisor } = superviseNgrok(double.sdk, app.port, watcher, config);
    t.after(() => supervisor.stop());
    void supervisor.start();
    const offline = await watcher.until((status) => status.state === 'offline', 5000, 'offline after the refusal');
    assert.match(offline.lastError ?? '', /Another ngrok agent already serves acme\.ngrok\.app.*"pooling": true.*\(ERR_NGROK_334\)/);
    assert.equal(double.state.sessions[0]?.closed, true);
  });

  test('a broken link to ngrok takes the tunnel offline, then a new session brings it back; stop closes everything', async (t) => {
    const [app, double] = [await startPublicApp(), createNgrokSdkDouble()];
    t.after(async () => { await app.close(); await double.close(); });
    const watcher = watchStatus();
    const { supervisor } = superviseNgrok(double.sdk, app.port, watcher);
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online');
    double.state.sessions[0]?.disconnect('connection reset by peer');
    await watcher.until((status) => status.state === 'offline', 5000, 'offline after the break');
    assert.match(supervisor.status().lastError ?? '', /The link to ngrok broke: .*connection reset by peer/);
    await watcher.until((status) => status.state === 'online' && double.state.sessions.length === 2, 5000, 'online on a new session');
    assert.equal(double.state.sessions[0]?.closed, true, 'the broken session was closed');
    await supervisor.stop();
    assert.equal(supervisor.status().state, 'stopped');
    assert.ok(double.state.sessions.every((session) => session.closed));
    assert.equal(double.state.edgesOpen, 0);
  });

  test('an agent stopped from the ngrok dashboard stays stopped, says why and how to restart, and Start brings it back', async (t) => {
    const [app, double] = [await startPublicApp(), createNgrokSdkDouble()];
    t.after(async () => { await app.close(); await double.close(); });
    const watcher = watchStatus();
    const { supervisor } = superviseNgrok(double.sdk, app.port, watcher);
    t.after(() => supervisor.stop());
    await supervisor.start();
    assert.equal(supervisor.status().state, 'online');
    double.state.sessions[0]?.stopFromDashboard();
    const stopped = await watcher.until((status) => status.state === 'stopped', 5000, 'stopped after the dashboard\'s stop');
    assert.match(stopped.history.at(-1)?.detail ?? '', /stopped this agent from the ngrok dashboard.*stays stopped: start it again on the Go live page/);
    assert.equal(stopped.lastError, undefined, 'a stop asked for is not an error');
    assert.equal(double.state.sessions[0]?.closed, true, 'the session was closed');
    assert.equal(double.state.edgesOpen, 0);
    const afterStop = watcher.transitions.slice(watcher.transitions.findIndex((entry) => entry.state === 'stopped'));
    // Start (the Go live page's button) resumes: one new session; nothing reconnected between the stop and it.
    await supervisor.resume();
    assert.deepEqual(afterStop.map((entry) => entry.state), ['stopped'], 'no reconnect attempt after the stop');
    assert.equal(supervisor.status().state, 'online');
    assert.equal(double.state.sessions.length, 2);
  });

  test('ngrok that never answers times out with a network message, and a session that opens late is closed', async (t) => {
    const double = createNgrokSdkDouble();
    t.after(() => double.close());
    let open: () => void = () => {};
    double.state.connectGate = new Promise<void>((resolve) => { open = resolve; });
    const provider = createNgrokProvider({ loadSdk: async () => double.sdk, loadSettings: async () => ({ authtoken: TOKEN, pooling: false }) });
    await assert.rejects(provider.connect({ localPort: 1, timeoutMs: 50 }), /could not reach ngrok \(connect\.ngrok-agent\.com, TCP port 443\)/);
    open();
    await double.sessionOpened;
    await double.state.sessions[0]?.whenClosed;
  });
});

describe('ngrok provider with the real SDK on loopback', () => {
  /** The real SDK, pointed at a loopback address instead of ngrok's servers (nothing here reaches the internet). */
  async function realSdkAt(serverAddr: string): Promise<NgrokSdk> {
    const real = await loadNgrokSdk();
    class Pointed extends real.SessionBuilder {
      override connect() { this.serverAddr(serverAddr); return super.connect(); }
    }
    return { SessionBuilder: Pointed };
  }

  test('no route to ngrok: the SDK\'s own error becomes a network message', async () => {
    const provider = createNgrokProvider({ loadSdk: () => realSdkAt('127.0.0.1:1'), loadSettings: async () => ({ authtoken: TOKEN, pooling: false }) });
    await assert.rejects(provider.connect({ localPort: 1, timeoutMs: 5000 }), (error: Error) => {
      assert.match(error.message, /could not reach ngrok .*firewall.*cannot use an HTTP proxy/);
      assert.ok(!error.message.includes(TOKEN));
      return true;
    });
  });
});

describe('loading the ngrok SDK', () => {
  /** Fails as Node does when a native module or a DLL it needs is missing. */
  const missingNative = async (): Promise<NgrokSdk> => {
    throw Object.assign(new Error('The specified module could not be found.\r\n\\\\?\\C:\\Deskbridge\\ngrok.win32-x64-msvc.node'), { code: 'ERR_DLOPEN_FAILED' });
  };

  test('on Windows, a native part that cannot load points to the Visual C++ Redistributable for the machine\'s architecture', async () => {
    for (const [arch, installer] of [['x64', 'vc_redist.x64.exe'], ['arm64', 'vc_redist.arm64.exe']] as const) {
      await assert.rejects(loadNgrokSdk({ importSdk: missingNative, platform: 'win32', arch }), (error: Error) => {
        assert.match(error.message, new RegExp(`\\(win32-${arch}\\): The specified module could not be found\\. `));
        assert.match(error.message, new RegExp(`Microsoft Visual C\\+\\+ Redistributable.*https://aka\\.ms/vs/17/release/${installer.replace(/\./g, '\\.')} and restart Deskbridge`));
        assert.match(error.message, /reinstall Deskbridge with the installer built for this system/);
        assert.equal((error.cause as { code?: string }).code, 'ERR_DLOPEN_FAILED', 'the loader\'s error is kept as the cause');
        return true;
      });
    }
  });

  test('elsewhere the message says to reinstall, without the Windows runtime', async () => {
    await assert.rejects(loadNgrokSdk({ importSdk: missingNative, platform: 'linux', arch: 'x64' }), (error: Error) => {
      assert.match(error.message, /\(linux-x64\).*Reinstall Deskbridge with the installer built for this system, or run "npm ci" again/);
      assert.ok(!/Visual C/.test(error.message));
      return true;
    });
    assert.equal(typeof (await loadNgrokSdk()).SessionBuilder, 'function', 'the real SDK loads here');
  });
});

describe('ngrok error messages', () => {
  test('each code a user can cause says what to do, with the code', () => {
    const cases: Array<[string, RegExp]> = [
      ['ERR_NGROK_105', /not an ngrok authtoken/],
      ['ERR_NGROK_107', /reset or revoked/],
      ['ERR_NGROK_4018', /verified account/],
      ['ERR_NGROK_108', /limit of simultaneous agent sessions/],
      ['ERR_NGROK_314', /acme\.ngrok\.app is a custom domain.*needs a paid ngrok plan.*free static domain/],
      ['ERR_NGROK_121', /update Deskbridge/],
      ['ERR_NGROK_319', /acme\.ngrok\.app is not reserved on this ngrok account/],
      ['ERR_NGROK_320', /acme\.ngrok\.app belongs to another ngrok account/],
      ['ERR_NGROK_334', /"pooling": true/],
    ];
    for (const [code, pattern] of cases) {
      const message = describeNgrokError(ngrokSdkError(code, 'ngrok says no'), { domain: 'acme.ngrok.app' });
      assert.match(message, pattern, code);
      assert.ok(message.endsWith(`(${code})`), code);
    }
    assert.equal(ngrokErrorCode(new Error('plain')), undefined);
    assert.match(describeNgrokError(ngrokSdkError('ERR_NGROK_9999', 'Something new happened')),
      /^ngrok refused the tunnel: Something new happened\. See https:\/\/ngrok\.com\/docs\/errors\/err_ngrok_9999 \(ERR_NGROK_9999\)$/);
    assert.match(describeNgrokError(new Error('failed to connect session: tls handshake error')), /firewall inspecting TLS/);
  });
});
