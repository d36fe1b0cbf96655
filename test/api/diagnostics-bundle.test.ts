// The diagnostics bundle, made by the admin API (dashboard, tray) and by `deskbridge diagnostics`: what it holds, and no secret.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { strFromU8, unzipSync } from 'fflate';
import { openState } from '../../bridge/state/index.js';
import { NGROK_SERVER_ADDR_ENV } from '../../bridge/tunnel/ngrok.js';
import { firstLine, runCli, spawnCli } from '../support/cli.js';
import { startConnectProxyTestDouble } from '../support/connect-proxy-test-double.js';
import { freeLoopbackPort } from '../support/localtunnel-relay.js';
import { sshdUnavailableReason, startSshServer } from '../support/ssh-server.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir();
after(() => temp.remove());

/** Every file of the zip as text and as bytes, so a secret is found however the file is encoded. */
function assertNoSecret(zip: Uint8Array, secrets: Record<string, string>): Record<string, Uint8Array> {
  const files = unzipSync(zip);
  for (const [name, bytes] of Object.entries(files)) {
    const content = Buffer.from(bytes);
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(!content.includes(secret), `${name} holds the ${what}`);
    }
  }
  return files;
}

function json(files: Record<string, Uint8Array>, name: string): any {
  const file = files[name];
  assert.ok(file, `the bundle has ${name}`);
  return JSON.parse(strFromU8(file));
}

test('a diagnostics bundle holds versions, profile, status, checks, failed calls, logs and crash dumps, and no secret or key', async () => {
  const dataDir = temp.path;
  const password = 'Db-Passw0rd-For-The-Bundle';
  assert.equal((await runCli(['secret', 'set', 'crm-db', '--data-dir', dataDir], { input: password })).code, 0);
  mkdirSync(path.join(dataDir, 'crashes', 'reports'), { recursive: true });
  writeFileSync(path.join(dataDir, 'crashes', 'reports', 'a1b2.dmp'), 'MDMP fake minidump');

  const child = spawnCli(['serve', '--data-dir', dataDir, '--no-tunnel'], { DESKBRIDGE_LOG_LEVEL: 'debug' });
  let output = '';
  // The demo key is printed once, on standard error, just after the ready line.
  const demoKeyPrinted = new Promise<string>((resolve) => {
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const found = /shown once\): (dbk_[A-Za-z0-9_-]+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
  });
  const ready = await firstLine(child);
  const demoKey = await demoKeyPrinted;
  const { lines } = await runCli(['api-key', 'create', '--integration', 'demo', '--data-dir', dataDir]);
  const key: string = lines[0].key;
  const wrongKey = 'dbk_WrongKeyThatMustNotBeInTheBundle00';
  const base = `${ready.bridgeUrl}/integrations/demo`;
  // Failed calls that carry credentials: a wrong key with a password beside it, a right key with a bad body.
  await fetch(`${base}/auth`, { method: 'POST', body: JSON.stringify({ auth: { api_key: wrongKey, password } }) });
  await fetch(`${base}/auth`, { method: 'POST', headers: { 'x-api-key': wrongKey }, body: '{}' });
  await fetch(`${base}/actions/log_call`, { method: 'POST', body: JSON.stringify({ auth: { api_key: key }, data: { secret: password } }) });

  const adminUrl = new URL(ready.adminUrl as string);
  const token = adminUrl.searchParams.get('token') ?? '';
  const headers = { authorization: `Bearer ${token}` };
  const made = await fetch(new URL('/api/diagnostics', adminUrl), { method: 'POST', headers });
  assert.equal(made.status, 201);
  const { file, name, checks } = await made.json() as { file: string; name: string; checks: Array<{ check: string; ok: boolean }> };
  assert.equal(path.dirname(file), path.join(dataDir, 'diagnostics'));
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600, 'the bundle is owner-only');
  assert.deepEqual(checks.filter((check) => check.check === 'database').map((check) => check.ok), [true]);
  const download = await fetch(new URL(`/api/diagnostics/${name}`, adminUrl), { headers });
  assert.equal(download.status, 200);
  const fromBridge = new Uint8Array(await download.arrayBuffer());
  assert.deepEqual(fromBridge, new Uint8Array(readFileSync(file)), 'the download is the bundle written');
  assert.equal((await fetch(new URL('/api/diagnostics/..%2Fmaster.key', adminUrl), { headers })).status, 404);
  assert.equal((await fetch(new URL('/api/diagnostics', adminUrl), { method: 'POST' })).status, 401, 'the token is needed');
  child.kill('SIGTERM');
  await once(child, 'close');

  // The command, with the clock measured against a loopback server standing in for the relay.
  const clock: Server = createServer((_request, response) => { response.setHeader('Date', new Date().toUTCString()); response.end(); });
  clock.listen(0, '127.0.0.1');
  await once(clock, 'listening');
  const out = path.join(dataDir, 'bundle-from-cli.zip');
  const cli = await runCli(['diagnostics', '--data-dir', dataDir, '--out', out, '--clock-url', `http://127.0.0.1:${(clock.address() as AddressInfo).port}/`]);
  clock.close();
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.lines.at(-1).file, out);
  assert.deepEqual(cli.lines.filter((line) => line.event === 'check').map((line) => line.check).sort(), ['clock', 'database', 'disk']);
  assert.equal(cli.lines.find((line) => line.check === 'clock').ok, true);

  const state = await openState(dataDir);
  const syncTokenKey = await state.settings.installSecret('sync_token_key');
  await state.close();
  const masterKey = readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim();
  const secrets = {
    'API key': key, 'demo API key': demoKey, 'wrong API key': wrongKey, 'database password': password,
    'master key': masterKey, 'master key (base64)': Buffer.from(masterKey, 'hex').toString('base64'),
    'sync-token key': syncTokenKey.toString('hex'), 'sync-token key (base64)': syncTokenKey.toString('base64url'),
    'admin token': token,
  };
  assert.ok(demoKey && key && masterKey.length === 64 && token, 'every secret to look for is known');
  for (const zip of [fromBridge, new Uint8Array(readFileSync(out))]) {
    const files = assertNoSecret(zip, secrets);
    assert.match(json(files, 'versions.json').deskbridge, /^\d+\.\d+\.\d+/);
    assert.equal(json(files, 'profile.json').integrations[0].id, 'demo');
    const failed = json(files, 'failed-requests.json') as Array<{ status: number; endpoint: string }>;
    assert.ok(failed.length >= 3 && failed.every((entry) => entry.status >= 400), 'the failed calls are there, only they');
    assert.ok(Object.keys(files).some((file) => /^logs\/bridge\.\d+\.log$/.test(file)), 'the log is there');
    assert.equal(strFromU8(files['crashes/reports/a1b2.dmp']!), 'MDMP fake minidump');
    assert.ok(json(files, 'checks.json').some((check: { check: string }) => check.check === 'disk'));
  }
  const status = json(unzipSync(fromBridge), 'status.json');
  assert.ok(Array.isArray(status.alerts) && status.database.state === 'ok', 'the bridge\'s bundle has its status and alerts');
});

type Event = Record<string, any>;

/** A data folder holding these stored secrets and a profile with no integration and this tunnel. */
async function tunnelDataDir(name: string, env: NodeJS.ProcessEnv, secrets: Record<string, string>, tunnel: Record<string, unknown>): Promise<string> {
  const dataDir = path.join(temp.path, name);
  mkdirSync(dataDir);
  for (const [secret, value] of Object.entries(secrets)) {
    const set = await runCli(['secret', 'set', secret, '--data-dir', dataDir], { env, input: `${value}\n` });
    assert.equal(set.code, 0, set.stderr);
  }
  writeFileSync(path.join(dataDir, 'profile.json'), JSON.stringify({ version: 1, integrations: [], tunnel }));
  return dataDir;
}

/** Runs serve until its tunnel reaches STATE, has it make a bundle through the admin API, stops it; the bundle and its checks. */
async function bundleWhileTunnel(dataDir: string, env: NodeJS.ProcessEnv, state: 'online' | 'offline'): Promise<{ zip: Uint8Array; checks: Event[] }> {
  const child = spawnCli(['serve', '--data-dir', dataDir], { ...env, DESKBRIDGE_LOG_LEVEL: 'debug' });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const events: Event[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      events.push(JSON.parse(line) as Event);
      const ready = events.find((event) => event.event === 'ready');
      if (ready && events.some((event) => event.event === 'tunnel' && event.state === state)) break;
    }
    const ready = events.find((event) => event.event === 'ready');
    assert.ok(ready, `${JSON.stringify(events)}\n${stderr}`);
    const adminUrl = new URL(ready.adminUrl as string);
    const headers = { authorization: `Bearer ${adminUrl.searchParams.get('token') ?? ''}` };
    const made = await fetch(new URL('/api/diagnostics', adminUrl), { method: 'POST', headers });
    assert.equal(made.status, 201);
    const { file, checks } = await made.json() as { file: string; checks: Event[] };
    return { zip: new Uint8Array(readFileSync(file)), checks };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'close');
  }
}

/** The bundle's log files, as text. */
function bundleLogs(zip: Uint8Array): string {
  return Object.entries(unzipSync(zip)).filter(([name]) => name.startsWith('logs/')).map(([, bytes]) => strFromU8(bytes)).join('\n');
}

test('a bundle made while the ngrok tunnel tries to connect, and by the command, holds no authtoken', async () => {
  const masterKey = randomBytes(32).toString('hex');
  // The agent goes to a closed loopback port: the tunnel need not come online for its authtoken to be used.
  const env = { DESKBRIDGE_MASTER_KEY: masterKey, [NGROK_SERVER_ADDR_ENV]: '127.0.0.1:1' };
  const authtoken = `2ngrokDiagnostics_${randomBytes(12).toString('hex')}`;
  const dataDir = await tunnelDataDir('with-ngrok', env, { ngrok: authtoken }, { provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'acme.ngrok.app' });
  const fromBridge = await bundleWhileTunnel(dataDir, env, 'offline');
  assert.deepEqual(fromBridge.checks.filter((check) => check.of === 'tunnel relay').map((check) => [check.check, check.ok]), [['dns', true], ['tcp', false]]);
  assert.match(bundleLogs(fromBridge.zip), /could not reach ngrok/, 'the log holds the tunnel\'s attempt: the scan looks where the authtoken was used');

  const out = path.join(dataDir, 'from-command.zip');
  const cli = await runCli(['diagnostics', '--data-dir', dataDir, '--out', out], { env });
  assert.equal(cli.code, 0, cli.stderr);
  for (const zip of [fromBridge.zip, new Uint8Array(readFileSync(out))]) {
    const files = assertNoSecret(zip, { 'ngrok authtoken': authtoken, 'master key': masterKey, 'master key (base64)': Buffer.from(masterKey, 'hex').toString('base64') });
    assert.deepEqual(json(files, 'profile.json').tunnel, { provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'acme.ngrok.app', pooling: false });
  }
});

const noSshd = sshdUnavailableReason();
test('a bundle made while the SSH tunnel is online through a proxy holds no SSH key, SSH password or proxy password', { skip: noSshd ? `skipped: ${noSshd}` : false }, async (t) => {
  const sshd = await startSshServer();
  t.after(() => sshd.remove());
  const proxyPassword = `Proxy-Passw0rd-${randomBytes(6).toString('hex')}`;
  const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: proxyPassword } });
  t.after(() => proxy.close());
  const masterKey = randomBytes(32).toString('hex');
  const env = { DESKBRIDGE_MASTER_KEY: masterKey };
  const sshPassword = `Ssh-Passw0rd-${randomBytes(6).toString('hex')}`;
  const remotePort = await freeLoopbackPort();
  const dataDir = await tunnelDataDir('with-ssh', env, { 'ssh-key': sshd.clientKey, 'ssh-password': sshPassword, 'proxy-password': proxyPassword }, {
    provider: 'ssh', host: '127.0.0.1', port: sshd.port, user: sshd.user, privateKey: { secret: 'ssh-key' }, password: { secret: 'ssh-password' },
    hostKey: sshd.hostFingerprint, remotePort, publicUrl: `http://127.0.0.1:${remotePort}`, insecureForTesting: true,
    proxy: `http://office@127.0.0.1:${proxy.port}`, proxyPassword: { secret: 'proxy-password' },
  });
  const { zip, checks } = await bundleWhileTunnel(dataDir, env, 'online');
  assert.equal(checks.find((check) => check.check === 'public-url')?.ok, true, 'the public URL answered through the tunnel: the key was used');
  assert.equal(proxy.requests.length > 0, true, 'the tunnel went through the proxy, with its password');

  // The key's base64 lines after its fixed "openssh-key-v1" header hold its material; a log could hold them one by one.
  const keyLines = sshd.clientKey.split('\n').filter((line) => /^[A-Za-z0-9+/=]{16,}$/.test(line)).slice(1);
  assert.ok(keyLines.length >= 3);
  const files = assertNoSecret(zip, {
    'SSH key': sshd.clientKey, 'SSH key (JSON-escaped)': JSON.stringify(sshd.clientKey).slice(1, -1),
    ...Object.fromEntries(keyLines.map((line, index) => [`SSH key line ${index + 2}`, line])),
    'SSH password': sshPassword, 'proxy password': proxyPassword,
    'proxy credentials (Basic)': Buffer.from(`office:${proxyPassword}`).toString('base64'),
    'master key': masterKey, 'master key (base64)': Buffer.from(masterKey, 'hex').toString('base64'),
  });
  const tunnel = json(files, 'profile.json').tunnel as Record<string, unknown>;
  assert.deepEqual([tunnel.privateKey, tunnel.password, tunnel.proxyPassword], [{ secret: 'ssh-key' }, { secret: 'ssh-password' }, { secret: 'proxy-password' }], 'the profile names the secrets, without their values');
});
