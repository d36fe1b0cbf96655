// Attached to the service: the tray says "running as a service", follows it down and up, and offers the switch back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { AdminCallError, type AdminClient, type BridgeStatus } from '../../main/admin-client.js';
import { BridgeStatusTracker } from '../../main/bridge-status.js';
import { BridgeSupervisor, type SupervisorEvent } from '../../main/bridge-supervisor.js';
import { notificationFor } from '../../main/notifications.js';
import { SERVICE_POLL_MS, ServiceLink, mergeEventSources } from '../../main/service-link.js';
import { StatusTray, RUN_MODE_LABELS } from '../../main/tray.js';
import type { RunMode, TrayView } from '../../main/tray-state.js';
import { createFakeElectron, FakeClock, FakeTray } from '../support/fake-electron.js';

const PUBLIC_URL = 'https://office-42.ngrok.app';

/** The service's admin API double: answers, is down, or refuses the token, as the test says. */
class FakeServiceAdmin implements AdminClient {
  answer: 'ok' | 'down' | 'refused' = 'ok';
  constructor(readonly origin: string, readonly adminUrl: string) {}
  async fetchStatus(): Promise<BridgeStatus> {
    if (this.answer === 'down') throw new TypeError('fetch failed');
    if (this.answer === 'refused') throw new AdminCallError('GET /api/status answered 401', 401);
    return { database: { state: 'ok' }, tunnel: { state: 'online', url: PUBLIC_URL } };
  }
  async pauseTunnel(): Promise<void> {}
  async resumeTunnel(): Promise<void> {}
  async createDiagnostics(): Promise<{ file: string; name: string }> { return { file: '/x.zip', name: 'x.zip' }; }
  async downloadDiagnostics(): Promise<Buffer> { return Buffer.alloc(0); }
}

function setUp(firstAnswer: FakeServiceAdmin['answer'] = 'ok') {
  const electron = createFakeElectron();
  const clock = new FakeClock();
  const supervisor = new BridgeSupervisor({
    utilityProcess: electron.utilityProcess, clock, platform: 'linux', entry: 'cli.js', dataDir: '/data', env: {},
    forceKill: () => undefined, stderr: new PassThrough(),
  });
  const admins: FakeServiceAdmin[] = [];
  const link = new ServiceLink({
    clock,
    createClient: (adminUrl) => {
      const admin = new FakeServiceAdmin(new URL(adminUrl).origin, adminUrl);
      admin.answer = firstAnswer;
      admins.push(admin);
      return admin;
    },
  });
  const events: SupervisorEvent[] = [];
  const bridge = mergeEventSources(supervisor, link);
  bridge.onEvent((event) => events.push(event));
  const switches: RunMode[] = [];
  const tray = new StatusTray(electron, '/assets', {
    openWindow: () => undefined, copyPublicUrl: () => undefined, pauseTunnel: () => undefined, resumeTunnel: () => undefined,
    createDiagnostics: () => undefined, quit: () => undefined, switchRunMode: (mode) => switches.push(mode),
  });
  const tracker = new BridgeStatusTracker(bridge, {
    clock,
    createClient: (adminUrl) => admins.find((admin) => admin.adminUrl === adminUrl) ?? assert.fail(`no admin for ${adminUrl}`),
    onView: (view: TrayView) => {
      tray.show(view);
      for (const waiter of waiters.filter((entry) => entry.match(view))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(view);
      }
    },
  });
  const waiters: Array<{ match: (view: TrayView) => boolean; resolve: (view: TrayView) => void }> = [];
  /** Resolves at the first tray view that matches. */
  const until = (match: (view: TrayView) => boolean) => new Promise<TrayView>((resolve) => waiters.push({ match, resolve }));
  const fakeTray = FakeTray.instances[0];
  assert.ok(fakeTray);
  return { clock, link, tracker, admins, events, fakeTray, switches, until };
}

test('attached, the tray shows the service\'s status, "running as a service", and the Run Deskbridge choice', async () => {
  const rig = setUp();
  rig.tracker.setRunMode('service', false);
  const online = rig.until((view) => view.colour === 'online');
  await rig.link.attach({ adminPort: 28780, token: 'lasting token' });
  const ready = rig.events.find((event) => event.event === 'ready');
  assert.deepEqual(ready, { event: 'ready', publicUrl: PUBLIC_URL, bridgeUrl: 'http://127.0.0.1:28780', adminUrl: 'http://127.0.0.1:28780/?token=lasting%20token' });
  await online;
  assert.equal(rig.fakeTray.toolTip, 'Deskbridge (running as a service): Talkdesk can reach this computer');
  assert.equal(rig.fakeTray.menu[0]?.label, 'Status: Online (running as a service)');
  assert.equal(rig.fakeTray.menu.at(-1)?.label, 'Quit Deskbridge (the service keeps running)');
  const choice = rig.fakeTray.menu.find((item) => item.label === 'Run Deskbridge');
  const options = choice?.submenu as Array<{ label: string; checked: boolean; enabled: boolean; click: () => void }>;
  assert.deepEqual(options.map((option) => [option.label, option.checked]), [[RUN_MODE_LABELS.app, false], [RUN_MODE_LABELS.service, true]]);
  options[1]?.click();
  options[0]?.click();
  assert.deepEqual(rig.switches, ['app'], 'choosing the current mode does nothing');
  rig.tracker.setRunMode('service', true);
  const busy = rig.fakeTray.menu.find((item) => item.label === 'Run Deskbridge (switching…)');
  assert.ok((busy?.submenu as Array<{ enabled: boolean }>).every((option) => !option.enabled), 'no second switch while one runs');
});

test('a service that goes down turns the tray red with "The service is down", and green again when it answers', async () => {
  const rig = setUp();
  rig.tracker.setRunMode('service', false);
  await rig.link.attach({ adminPort: 28780, token: 't' });
  const admin = rig.admins[0];
  assert.ok(admin);
  admin.answer = 'down';
  const down = rig.until((view) => view.colour === 'offline' && /not answering/.test(view.tooltip));
  rig.clock.advance(SERVICE_POLL_MS);
  assert.match((await down).tooltip, /^Deskbridge \(running as a service\): The service is down \(the service is not answering/);
  assert.equal(rig.fakeTray.image, '/assets/tray-offline.png');
  assert.equal(notificationFor(rig.events.at(-1) as SupervisorEvent)?.title, 'The Deskbridge service is not answering', 'a person is told, not only the tray');
  admin.answer = 'ok';
  const back = rig.until((view) => view.colour === 'online');
  rig.clock.advance(SERVICE_POLL_MS);
  await back;
  assert.equal(rig.fakeTray.image, '/assets/tray-online.png');
  assert.equal(rig.events.filter((event) => event.event === 'ready').length, 2, 'the window reloads the dashboard when the service is back');
});

test('a service that refuses the app\'s token says how to renew it; a detached link polls no more', async () => {
  const rig = setUp('refused');
  rig.tracker.setRunMode('service', false);
  await rig.link.attach({ adminPort: 28780, token: 'old' });
  assert.match(rig.fakeTray.toolTip, /Connecting to the service… \(the service does not accept this app's key; switch to "While I am logged in" and back/);
  assert.equal(rig.link.attached, true);
  rig.link.detach();
  assert.equal(rig.link.attached, false);
  assert.deepEqual(rig.clock.pendingDelays(), []);
  assert.deepEqual(rig.events.at(-1), { event: 'phase', phase: 'stopped' });
});
