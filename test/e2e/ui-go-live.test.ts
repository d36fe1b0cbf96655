// The Go live page: ngrok recommended, set up with a stored authtoken and online; SSH set up in full and online; localtunnel labelled and acknowledged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { NGROK_SERVER_ADDR_ENV } from '../../bridge/tunnel/ngrok.js';
import { loadNgrokSdk, type NgrokSdk } from '../../bridge/tunnel/ngrok-sdk.js';
import { createNgrokSdkDouble, loopbackEdgeTls } from '../support/ngrok-sdk-double.js';
import { startConnectProxyTestDouble } from '../support/connect-proxy-test-double.js';
import { freeLoopbackPort, startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { sshdUnavailableReason, startSshServer, type SshServer } from '../support/ssh-server.js';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

// The real ngrok SDK runs, pointed at a closed loopback port: nothing here reaches the internet.
process.env[NGROK_SERVER_ADDR_ENV] = '127.0.0.1:1';

const edgeTls = loopbackEdgeTls();
const ngrokDouble = createNgrokSdkDouble({ edgeTls });
/** The SDK the bridge uses at each connect: the real one first, then (from the test that goes online) the test double. */
let sdkInUse: NgrokSdk | undefined;
const switchingSdk: NgrokSdk = {
  get SessionBuilder() {
    if (!sdkInUse) throw new Error('the ngrok SDK is not loaded yet');
    return sdkInUse.SessionBuilder;
  },
};

let session: UiSession | undefined;
let relay: LocaltunnelRelay | undefined;
let sshd: SshServer | undefined;
const noSshd = sshdUnavailableReason();
before(async () => {
  if (!existsSync(CHROMIUM)) return;
  sdkInUse = await loadNgrokSdk();
  session = await startUiSession('ui-go-live', {
    // The double's edge serves HTTPS with the test's own certificate, which the bridge is told to trust for the public URL.
    tunnelTuning: { ngrokSdk: switchingSdk, probeCa: edgeTls.cert },
  });
  relay = await startLocaltunnelRelay();
  if (!noSshd) sshd = await startSshServer();
});
after(async () => {
  await session?.close();
  await ngrokDouble.close();
  await relay?.stop();
  await sshd?.remove();
});

test('ngrok is the recommended choice; its authtoken is stored as a secret and its failure is shown in words, the same state in the wizard', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Go live' }).click();
  const ngrok = page.locator('label.choice', { hasText: 'ngrok' }).first();
  await ngrok.getByText('Recommended').waitFor();
  await page.locator('label.choice', { hasText: 'localtunnel' }).getByText('Try-out only, unencrypted').waitFor();
  await session.shot('1-choices');

  await ngrok.getByRole('radio').check();
  await page.getByLabel('ngrok authtoken').fill('2abcE2Etoken_value');
  await page.getByLabel('Domain (optional)').fill('acme.ngrok.app');
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByText('All changes saved').waitFor();
  assert.deepEqual(bridge.bridge.context.profile().tunnel, { provider: 'ngrok', authtoken: { secret: 'tunnel-ngrok-authtoken' }, domain: 'acme.ngrok.app', pooling: false });
  assert.equal(await bridge.bridge.context.secrets.get('tunnel-ngrok-authtoken'), '2abcE2Etoken_value');
  await page.getByTestId('tunnel-error').getByText(/could not reach ngrok \(connect\.ngrok-agent\.com, TCP port 443\)/).waitFor();
  assert.equal(await page.getByTestId('tunnel-state').innerText(), 'offline');
  assert.ok(!(await page.content()).includes('2abcE2Etoken_value'), 'the authtoken is not shown again');
  await session.shot('2-ngrok-offline');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Go live/ }).click();
  assert.equal(await page.getByTestId('tunnel-state').innerText(), 'offline', 'the wizard shows the state the Go live page shows');
  await page.getByRole('button', { name: 'Set up the public URL' }).click();
  await page.getByRole('heading', { name: 'Go live', level: 1 }).waitFor();
});

test('ngrok with a pasted authtoken goes online at its https URL, and the page says ngrok cannot use an office proxy', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  // From here ngrok "answers": the SDK's test double, whose edge serves HTTPS on loopback.
  sdkInUse = ngrokDouble.sdk;
  await page.getByTestId('ngrok-no-proxy').getByText(/cannot go through an office HTTP proxy/).waitFor();
  await page.getByLabel('ngrok authtoken').fill('2abcE2Eonline_token');
  // Without a reserved domain ngrok assigns the URL (the double's edge).
  await page.getByLabel('Domain (optional)').fill('');
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByText('All changes saved').waitFor();
  await page.locator('[data-testid="tunnel-state"].state-online').waitFor();
  const url = await page.getByTestId('tunnel-url').innerText();
  assert.match(url, /^https:\/\/localhost:\d+$/);
  assert.equal(url, ngrokDouble.state.endpoints.at(-1)?.url);
  assert.equal(ngrokDouble.state.sessions.at(-1)?.authtoken, '2abcE2Eonline_token', 'the pasted authtoken reached ngrok');
  assert.equal(bridge.bridge.publicUrl(), url);
  await session.shot('3-ngrok-online');
});

test('SSH through an office proxy that asks for a password: the host key is fetched and pinned only once confirmed, and a full setup goes online', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  if (noSshd) { t.skip(`skipped: ${noSshd}`); return; }
  const { page, bridge } = session;
  const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: 'Pr0xy-pass' } });
  t.after(() => proxy.close());
  await page.locator('label.choice', { hasText: 'SSH to your own server' }).getByRole('radio').check();
  await page.getByLabel('SSH server').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(sshd!.port));
  await page.getByLabel('HTTP proxy (optional)').fill(`http://office@127.0.0.1:${proxy.port}`);
  await page.getByLabel('Proxy password').fill('Pr0xy-pass');
  await page.getByRole('button', { name: 'Fetch host key' }).click();
  assert.equal(await page.getByTestId('seen-host-key').innerText(), sshd!.hostFingerprint, 'seen through the proxy, with its password');
  assert.equal(proxy.requests.length, 1);
  await page.getByText('not pinned yet').waitFor();
  await session.shot('4-ssh-host-key', page.getByTestId('host-key'));
  await page.getByRole('button', { name: 'It matches: pin this key' }).click();
  assert.equal(await page.getByTestId('pinned-host-key').innerText(), sshd!.hostFingerprint);

  const remotePort = await freeLoopbackPort();
  await page.getByLabel('User', { exact: true }).fill(sshd!.user);
  await page.getByLabel('Private key (OpenSSH)').fill(sshd!.clientKey);
  await page.getByLabel('Remote port').fill(String(remotePort));
  // Plain http anywhere but this computer is refused, with the reason on the field; no test allowance is offered for it.
  await page.getByRole('textbox', { name: 'Public URL' }).fill('http://bridge.example.com');
  assert.equal(await page.getByLabel(/A test on this computer/).count(), 0, 'a test allowance cannot make a remote http:// URL acceptable');
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.locator('.field.invalid', { hasText: 'Public URL' }).locator('.field-error', { hasText: /must start with https:\/\/: Talkdesk sends the API key/ }).waitFor();
  assert.equal(await page.locator('.error-box').first().innerText(), 'Not saved: fix what is marked on the fields first.', 'the problem is on its field, not repeated in the box');
  assert.ok(await page.getByRole('textbox', { name: 'Public URL' }).evaluate((field) => field === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), 'the field with the problem has the focus');
  assert.notEqual(bridge.bridge.context.profile().tunnel.provider, 'ssh', 'nothing was saved');
  await session.shot('5-ssh-refused-url', page.locator('.go-live'));
  // From a refused save on, the page checks the fields again as they are edited: a fixed one loses its problem and the
  // box its summary, without saving.
  const urlProblem = page.locator('.field.invalid', { hasText: 'Public URL' }).locator('.field-error');
  await page.getByRole('textbox', { name: 'Public URL' }).fill('https://bridge.example.com');
  await urlProblem.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.error-box').count(), 0, 'nothing says "Not saved" about a fixed field');
  assert.equal(await page.getByText('Unsaved changes').count(), 1, 'the check saved nothing');
  assert.notEqual(bridge.bridge.context.profile().tunnel.provider, 'ssh', 'the check saved nothing');
  // The loopback sshd forwards a loopback port: plain http, which the page allows only as a test on this computer.
  await page.getByRole('textbox', { name: 'Public URL' }).fill(`http://127.0.0.1:${remotePort}`);
  await urlProblem.filter({ hasText: /plain http:\/\/ on this machine/ }).waitFor();
  await page.getByLabel(/A test on this computer: allow a plain http:\/\/ public URL/).check();
  await urlProblem.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByText('All changes saved').waitFor();
  assert.deepEqual(bridge.bridge.context.profile().tunnel, {
    provider: 'ssh', host: '127.0.0.1', port: sshd!.port, user: sshd!.user, privateKey: { secret: 'tunnel-ssh-private-key' }, hostKey: sshd!.hostFingerprint,
    remoteHost: '127.0.0.1', remotePort, publicUrl: `http://127.0.0.1:${remotePort}`, insecureForTesting: true,
    proxy: `http://office@127.0.0.1:${proxy.port}`, proxyPassword: { secret: 'tunnel-proxy-password' },
  });
  assert.equal(await bridge.bridge.context.secrets.get('tunnel-proxy-password'), 'Pr0xy-pass');
  await page.locator('[data-testid="tunnel-state"].state-online').waitFor();
  assert.equal(await page.getByTestId('tunnel-url').innerText(), `http://127.0.0.1:${remotePort}`);
  assert.ok(proxy.requests.length >= 2 && proxy.requests.every((entry) => entry.target === `127.0.0.1:${sshd!.port}`), 'the tunnel went through the proxy too');
  assert.ok(!(await page.content()).includes(sshd!.clientKey.split('\n')[1]!), 'the key is not shown again');
  await session.shot('6-ssh-online');
});

test('localtunnel is refused for real data until acknowledged, and the dashboard warns while it runs', async (t) => {
  if (skipWithoutChromium(t) || !session || !relay) return;
  const { page, bridge } = session;
  const profile = bridge.bridge.context.profile();
  await bridge.bridge.context.replaceProfile({ ...profile, integrations: [...profile.integrations, { ...profile.integrations[0]!, id: 'acme', displayName: 'Acme' }] });
  await page.locator('label.choice', { hasText: 'localtunnel' }).getByRole('radio').check();
  await page.getByTestId('localtunnel-warning').getByText(/crosses the internet unencrypted/).waitFor();
  await page.getByLabel('Relay', { exact: true }).fill(relay.url);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  // In words, without the setting's path, under the box that accepts it.
  await page.locator('.field.checkbox.invalid', { hasText: 'I understand the calls are unencrypted' })
    .locator('.field-error', { hasText: /^Localtunnel is for trying Deskbridge out: .*integration "acme" serves real data/ }).waitFor();
  assert.equal(await page.locator('.error-box').first().innerText(), 'Not saved: fix what is marked on the fields first.');
  await session.shot('7-localtunnel-refused', page.getByTestId('localtunnel-warning'));
  assert.notEqual(bridge.bridge.context.profile().tunnel.provider, 'localtunnel', 'nothing was saved');
  await page.getByLabel(/I understand the calls are unencrypted/).check();
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByText('All changes saved').waitFor();
  assert.equal(bridge.bridge.context.profile().integrations.length, 2, 'the integration added meanwhile is kept');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  await page.getByText(/The tunnel is localtunnel: calls cross the internet unencrypted/).waitFor();
  await session.shot('8-dashboard-warning');
});
