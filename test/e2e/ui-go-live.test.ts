// The Go live page: ngrok recommended and set up with a stored authtoken, SSH host key fetched and confirmed, localtunnel labelled and acknowledged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { NGROK_SERVER_ADDR_ENV } from '../../bridge/tunnel/ngrok.js';
import { startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { sshdUnavailableReason, startSshServer, type SshServer } from '../support/ssh-server.js';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

// The real ngrok SDK runs, pointed at a closed loopback port: nothing here reaches the internet.
process.env[NGROK_SERVER_ADDR_ENV] = '127.0.0.1:1';

let session: UiSession | undefined;
let relay: LocaltunnelRelay | undefined;
let sshd: SshServer | undefined;
const noSshd = sshdUnavailableReason();
before(async () => {
  if (!existsSync(CHROMIUM)) return;
  session = await startUiSession('ui-go-live');
  relay = await startLocaltunnelRelay();
  if (!noSshd) sshd = await startSshServer();
});
after(async () => {
  await session?.close();
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

test('SSH: the host key is fetched and pinned only once confirmed', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  if (noSshd) { t.skip(`skipped: ${noSshd}`); return; }
  const { page } = session;
  await page.locator('label.choice', { hasText: 'SSH to your own server' }).getByRole('radio').check();
  await page.getByLabel('SSH server').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(sshd!.port));
  await page.getByRole('button', { name: 'Fetch host key' }).click();
  assert.equal(await page.getByTestId('seen-host-key').innerText(), sshd!.hostFingerprint);
  await page.getByText('not pinned yet').waitFor();
  await session.shot('3-ssh-host-key', page.getByTestId('host-key'));
  await page.getByRole('button', { name: 'It matches: pin this key' }).click();
  assert.equal(await page.getByTestId('pinned-host-key').innerText(), sshd!.hostFingerprint);
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
  // In words, without the setting's path.
  await page.locator('.error-box', { hasText: /^Not saved: Localtunnel is for trying Deskbridge out: .*integration "acme" serves real data/ }).waitFor();
  assert.equal(bridge.bridge.context.profile().tunnel.provider, 'ngrok', 'nothing was saved');
  await page.getByLabel(/I understand the calls are unencrypted/).check();
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByText('All changes saved').waitFor();
  assert.equal(bridge.bridge.context.profile().integrations.length, 2, 'the integration added meanwhile is kept');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  await page.getByText(/The tunnel is localtunnel: calls cross the internet unencrypted/).waitFor();
  await session.shot('4-dashboard-warning');
});
