// Tunnel setup through the admin API: secrets stored and never sent back; an SSH host key fetched for the admin to confirm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startConnectProxyTestDouble } from '../support/connect-proxy-test-double.js';
import { freeLoopbackPort } from '../support/localtunnel-relay.js';
import { sshdUnavailableReason, startSshServer, type SshServer } from '../support/ssh-server.js';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
let sshd: SshServer | undefined;
const noSshd = sshdUnavailableReason();
before(async () => {
  bridge = await startAdminBridge();
  if (!noSshd) sshd = await startSshServer();
});
after(async () => {
  await sshd?.remove();
  await bridge.close();
});

test('a tunnel secret is stored under its fixed name and only its reference comes back', async () => {
  const stored = await bridge.admin('PUT', '/tunnel/secrets/ngrok-authtoken', { value: '2abcTOKENvalue ' });
  assert.equal(stored.status, 200);
  assert.deepEqual(stored.body, { ref: { secret: 'tunnel-ngrok-authtoken' } });
  assert.equal(await bridge.bridge.context.secrets.get('tunnel-ngrok-authtoken'), '2abcTOKENvalue');
  assert.equal((await bridge.admin('PUT', '/tunnel/secrets/anything', { value: 'x' })).body.error.code, 'not_found');
  assert.equal((await bridge.admin('PUT', '/tunnel/secrets/ssh-password', { value: '' })).status, 400);
});

test('fetch and confirm: the SSH server\'s host key fingerprint, as ssh-keygen shows it', { skip: noSshd ? `skipped: ${noSshd}` : false }, async () => {
  const seen = await bridge.admin('POST', '/tunnel/ssh/host-key', { host: '127.0.0.1', port: sshd!.port });
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.equal(seen.body.fingerprint, sshd!.hostFingerprint);
  assert.equal(seen.body.algorithm, 'ssh-ed25519');
});

test('fetch and confirm through an office proxy that asks for a password: typed or stored, the password is sent; without it, 407 in words', { skip: noSshd ? `skipped: ${noSshd}` : false }, async (t) => {
  const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: 'Pr0xy-pass' } });
  t.after(() => proxy.close());
  const body = { host: '127.0.0.1', port: sshd!.port, proxy: `http://office@127.0.0.1:${proxy.port}` };
  const refused = await bridge.admin('POST', '/tunnel/ssh/host-key', body);
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.message, /407/);
  const typed = await bridge.admin('POST', '/tunnel/ssh/host-key', { ...body, proxyPassword: { value: 'Pr0xy-pass' } });
  assert.equal(typed.status, 200, JSON.stringify(typed.body));
  assert.equal(typed.body.fingerprint, sshd!.hostFingerprint);
  await bridge.admin('PUT', '/tunnel/secrets/proxy-password', { value: 'Pr0xy-pass' });
  const stored = await bridge.admin('POST', '/tunnel/ssh/host-key', { ...body, proxyPassword: { stored: true } });
  assert.equal(stored.status, 200, JSON.stringify(stored.body));
  assert.equal(stored.body.fingerprint, sshd!.hostFingerprint);
  assert.deepEqual(proxy.requests.map((entry) => entry.target), new Array(3).fill(`127.0.0.1:${sshd!.port}`), 'every fetch went through the proxy');
});

test('a host key fetch from nothing says the server could not be reached', async () => {
  const port = await freeLoopbackPort();
  const answer = await bridge.admin('POST', '/tunnel/ssh/host-key', { host: '127.0.0.1', port });
  assert.equal(answer.status, 400);
  assert.match(answer.body.error.message, new RegExp(`The SSH server 127\\.0\\.0\\.1:${port} could not be reached: .*ECONNREFUSED`));
});
