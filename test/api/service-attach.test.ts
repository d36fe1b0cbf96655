// The desktop shell attaches to a real headless bridge standing in for the service (its own data folder), with its lasting token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createAdminClient, saveDiagnostics } from '../../main/admin-client.js';
import { bundledCli } from '../../main/bridge-cli.js';
import { BridgeStatusTracker } from '../../main/bridge-status.js';
import type { SupervisorEvent } from '../../main/bridge-supervisor.js';
import { createServiceAccess, serviceAdminUrl, tokenSha256, type ServiceAccess } from '../../main/service-access.js';
import { SERVICE_POLL_MS, ServiceLink } from '../../main/service-link.js';
import type { TrayView } from '../../main/tray-state.js';
import { firstLine, spawnCli } from '../support/cli.js';
import { FakeClock } from '../support/fake-electron.js';
import { makeTempDir } from '../support/temp-dir.js';

const serviceDir = makeTempDir('deskbridge-service-');
const access: ServiceAccess = createServiceAccess(0);
let service: ChildProcessWithoutNullStreams;
let ready: { adminUrl: string; dataDir: string };

before(async () => {
  service = spawnCli(['serve', '--data-dir', serviceDir.path, '--admin-port', '0', '--public-port', '0', '--no-tunnel', '--admin-token-sha256', tokenSha256(access.token)]);
  service.stderr.resume();
  ready = await firstLine(service);
  // The stand-in took any free port; a real service is given a fixed one at install.
  access.adminPort = Number(new URL(ready.adminUrl).port);
});

after(async () => {
  if (service.exitCode === null) {
    service.kill('SIGTERM');
    await once(service, 'exit');
  }
  serviceDir.remove();
});

/** Resolves with the first event from the link that matches. */
function nextEvent(link: ServiceLink, match: (event: SupervisorEvent) => boolean): Promise<SupervisorEvent> {
  return new Promise((resolve) => {
    const stop = link.onEvent((event) => {
      if (!match(event)) return;
      stop();
      resolve(event);
    });
  });
}

test('the shell attaches with its lasting token, on loopback, and the tray reads the service\'s status', async () => {
  assert.equal(ready.dataDir, serviceDir.path);
  assert.equal(new URL(ready.adminUrl).hostname, '127.0.0.1', 'the admin API listens on loopback only');
  assert.doesNotMatch(ready.adminUrl, new RegExp(access.token), 'the service prints its per-launch token, never the lasting one');
  const clock = new FakeClock();
  const link = new ServiceLink({ clock });
  const views: TrayView[] = [];
  const tracker = new BridgeStatusTracker(link, { clock, onView: (view) => views.push(view) });
  tracker.setRunMode('service', false);
  const events: SupervisorEvent[] = [];
  link.onEvent((event) => events.push(event));
  // attach resolves once the first answer (or its absence) is reported: no waiting on a ready that may never come.
  await link.attach(access);
  assert.deepEqual(events.find((event) => event.event !== 'phase'), { event: 'ready', publicUrl: null, bridgeUrl: `http://127.0.0.1:${access.adminPort}`, adminUrl: serviceAdminUrl(access) });
  await tracker.refresh();
  const status = await createAdminClient(serviceAdminUrl(access)).fetchStatus();
  assert.equal(typeof status.database.state, 'string');
  assert.equal(typeof status.tunnel.state, 'string');
  assert.match(views.at(-1)?.tooltip ?? '', /^Deskbridge \(running as a service\): /);
  assert.notEqual(views.at(-1)?.colour, 'offline');
  // The per-launch token printed in the log still opens the dashboard, as for any headless bridge.
  assert.equal(typeof (await createAdminClient(ready.adminUrl).fetchStatus()).database.state, 'string');
  link.detach();
});

test('a wrong token is refused, and the tray says how to renew it', async () => {
  const link = new ServiceLink({ clock: new FakeClock() });
  const events: SupervisorEvent[] = [];
  link.onEvent((event) => events.push(event));
  await link.attach({ adminPort: access.adminPort, token: createServiceAccess().token });
  assert.deepEqual(events.find((event) => event.event !== 'phase'), {
    event: 'error', code: 'service_refused_token',
    message: 'the service does not accept this app\'s key; switch to "While I am logged in" and back to renew it',
  });
  link.detach();
});

test('the bundled CLI, run as the user, reports that no service is installed here (detection at start)', async () => {
  const cli = bundledCli(process.execPath, fileURLToPath(new URL('../../bridge/cli.ts', import.meta.url)), {
    ...process.env as Record<string, string>, NODE_OPTIONS: '--import tsx',
  });
  const status = await cli.run(['service', 'status']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.lines[0]?.event, 'service');
  assert.equal(status.lines[0]?.installed, false);
  assert.deepEqual(cli.command(['service', 'install']), {
    program: process.execPath, args: [fileURLToPath(new URL('../../bridge/cli.ts', import.meta.url)), 'service', 'install'], env: { ELECTRON_RUN_AS_NODE: '1' },
  });
});

test('a diagnostics bundle the service made is copied into the user\'s folder (the service\'s own is not theirs to open)', async () => {
  const name = 'deskbridge-diagnostics-20260101-000000.zip';
  const bytes = Buffer.from('PK\u0003\u0004 a bundle the service wrote');
  mkdirSync(path.join(serviceDir.path, 'diagnostics'), { recursive: true });
  writeFileSync(path.join(serviceDir.path, 'diagnostics', name), bytes);
  const downloads = makeTempDir('deskbridge-downloads-');
  try {
    const admin = createAdminClient(serviceAdminUrl(access));
    const copy = await saveDiagnostics(admin, { name }, downloads.path);
    assert.equal(copy, path.join(downloads.path, name));
    assert.deepEqual(readFileSync(copy), bytes);
    await assert.rejects(admin.downloadDiagnostics('../master.key'), /answered 404/);
  } finally {
    downloads.remove();
  }
});

test('when the service stops, the link reports it down at the next poll', async () => {
  const clock = new FakeClock();
  const link = new ServiceLink({ clock });
  const events: SupervisorEvent[] = [];
  link.onEvent((event) => events.push(event));
  await link.attach(access);
  assert.deepEqual(events.at(-1)?.event, 'ready', 'attached to a running service first');
  service.kill('SIGTERM');
  await once(service, 'exit');
  const down = nextEvent(link, (event) => event.event === 'phase' && event.phase === 'restarting');
  clock.advance(SERVICE_POLL_MS);
  assert.deepEqual(await down, { event: 'phase', phase: 'restarting', restartInMs: SERVICE_POLL_MS });
  link.detach();
});
