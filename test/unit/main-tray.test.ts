// The tray follows the bridge: colour, tooltip and menu as the bridge starts, its tunnel and database change, and it dies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { AdminClient, BridgeStatus } from '../../main/admin-client.js';
import { BridgeStatusTracker } from '../../main/bridge-status.js';
import { BridgeSupervisor } from '../../main/bridge-supervisor.js';
import { StatusTray } from '../../main/tray.js';
import { deriveTrayView, INITIAL_SNAPSHOT, type TrayView } from '../../main/tray-state.js';
import { createFakeElectron, FakeClock, FakeTray } from '../support/fake-electron.js';

/** An admin API double: the test sets the status it answers and reads the calls it got. */
class FakeAdmin implements AdminClient {
  readonly calls: string[] = [];
  constructor(readonly origin: string, public status: BridgeStatus) {}
  async fetchStatus(): Promise<BridgeStatus> { this.calls.push('status'); return structuredClone(this.status); }
  async pauseTunnel(): Promise<void> { this.calls.push('pause'); this.status.tunnel = { state: 'stopped', url: this.status.tunnel.url ?? null }; }
  async resumeTunnel(): Promise<void> { this.calls.push('resume'); this.status.tunnel = { state: 'online', url: this.status.tunnel.url ?? null }; }
  async createDiagnostics(): Promise<{ file: string; name: string }> {
    this.calls.push('diagnostics');
    return { file: '/data/diagnostics/deskbridge-diagnostics-20260101-000000.zip', name: 'deskbridge-diagnostics-20260101-000000.zip' };
  }
  async downloadDiagnostics(): Promise<Buffer> { this.calls.push('download'); return Buffer.alloc(0); }
}

const PUBLIC_URL = 'https://office-42.loca.lt';

function setUp() {
  const electron = createFakeElectron();
  const clock = new FakeClock();
  const supervisor = new BridgeSupervisor({
    utilityProcess: electron.utilityProcess, clock, platform: 'linux', entry: 'cli.js', dataDir: '/data', env: {},
    forceKill: () => undefined, stderr: new PassThrough(),
  });
  const admins: FakeAdmin[] = [];
  const views: TrayView[] = [];
  const waiters: Array<{ match: (view: TrayView) => boolean; resolve: (view: TrayView) => void }> = [];
  const tracker = new BridgeStatusTracker(supervisor, {
    clock,
    createClient: (adminUrl) => {
      const admin = new FakeAdmin(new URL(adminUrl).origin, { database: { state: 'ok' }, tunnel: { state: 'online', url: PUBLIC_URL } });
      admins.push(admin);
      return admin;
    },
    onView: (view) => {
      views.push(view);
      tray.show(view);
      for (const waiter of waiters.filter((entry) => entry.match(view))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(view);
      }
    },
  });
  const showWaiters: Array<(file: string) => void> = [];
  const tray = new StatusTray(electron, '/assets', {
    createDiagnostics: () => void tracker.admin?.createDiagnostics().then(({ file }) => { for (const resolve of showWaiters.splice(0)) resolve(file); }),
    openWindow: () => undefined,
    copyPublicUrl: () => undefined,
    pauseTunnel: () => void tracker.admin?.pauseTunnel().then(() => tracker.refresh()),
    resumeTunnel: () => void tracker.admin?.resumeTunnel().then(() => tracker.refresh()),
    switchRunMode: () => undefined,
    quit: () => undefined,
  });
  tray.show(tracker.view);
  const fakeTray = FakeTray.instances[0];
  assert.ok(fakeTray);
  /** Resolves at the first tray view that matches. */
  const until = (match: (view: TrayView) => boolean) => new Promise<TrayView>((resolve) => waiters.push({ match, resolve }));
  /** Resolves with the next bundle the tray shows in the file manager. */
  const nextShownFile = () => new Promise<string>((resolve) => showWaiters.push(resolve));
  return { electron, clock, supervisor, tracker, admins, fakeTray, until, nextShownFile };
}

const labels = (tray: FakeTray) => tray.menu.map((item) => item.label).filter(Boolean);
const item = (tray: FakeTray, label: string) => tray.menu.find((entry) => entry.label === label);

test('the tray is red until the bridge is ready, then green with the public URL', async () => {
  const rig = setUp();
  assert.equal(rig.fakeTray.image, '/assets/tray-offline.png');
  assert.equal(item(rig.fakeTray, 'Pause tunnel')?.enabled, false);
  rig.supervisor.start();
  const online = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await online;
  assert.equal(rig.fakeTray.image, '/assets/tray-online.png');
  assert.match(rig.fakeTray.toolTip, /Talkdesk can reach this computer/);
  assert.ok(labels(rig.fakeTray).includes(PUBLIC_URL));
  assert.equal(item(rig.fakeTray, 'Copy public URL')?.enabled, true);
  assert.equal(item(rig.fakeTray, 'Pause tunnel')?.enabled, true);
});

test('a tunnel that degrades, then a database that goes away, turn the tray amber with the reason', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const online = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await online;
  const admin = rig.admins[0];
  assert.ok(admin);
  admin.status.tunnel.state = 'degraded';
  const degraded = rig.until((view) => view.colour === 'degraded');
  rig.electron.utilityProcess.latest?.print({ event: 'tunnel', state: 'degraded', url: PUBLIC_URL, urlChanged: false });
  assert.match((await degraded).tooltip, /tunnel is unstable/);
  assert.equal(rig.fakeTray.image, '/assets/tray-degraded.png');

  admin.status = { database: { state: 'unavailable' }, tunnel: { state: 'online', url: PUBLIC_URL } };
  const databaseDown = rig.until((view) => /database is unreachable/.test(view.tooltip));
  rig.electron.utilityProcess.latest?.print({ event: 'alert', code: 'db_unavailable', message: 'The database does not answer.' });
  assert.equal((await databaseDown).colour, 'degraded');

  admin.status.database.state = 'ok';
  const recovered = rig.until((view) => view.colour === 'online');
  rig.clock.advance(10_000);
  await recovered;
});

test('Pause and Resume in the tray menu call the admin API and the menu follows', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const online = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await online;
  const paused = rig.until((view) => view.tunnelPaused);
  rig.fakeTray.choose('Pause tunnel');
  assert.match((await paused).tooltip, /Tunnel paused/);
  assert.ok(labels(rig.fakeTray).includes('Resume tunnel'));
  const resumed = rig.until((view) => !view.tunnelPaused);
  rig.fakeTray.choose('Resume tunnel');
  await resumed;
  assert.deepEqual(rig.admins[0]?.calls.filter((call) => call !== 'status'), ['pause', 'resume']);
});

test('when the bridge dies the tray turns red at once and green again after the restart', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const online = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await online;
  const offline = rig.until((view) => view.colour === 'offline');
  rig.electron.utilityProcess.latest?.exit(1);
  assert.match((await offline).tooltip, /restarting/);
  assert.equal(item(rig.fakeTray, 'Pause tunnel')?.enabled, false);
  assert.equal(rig.tracker.admin, undefined, 'no admin calls go to a dead bridge');
  rig.clock.advance(1000);
  const back = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await back;
  assert.equal(rig.admins.length, 2, 'the restarted bridge has a new admin URL and token');
});

test('tray view rules: offline tunnel is red, a start error shows in the tooltip', () => {
  const running = { ...INITIAL_SNAPSHOT, phase: 'running' as const, databaseState: 'ok' };
  assert.equal(deriveTrayView({ ...running, tunnelState: 'offline' }).colour, 'offline');
  assert.equal(deriveTrayView({ ...running, tunnelState: 'connecting' }).colour, 'degraded');
  assert.equal(deriveTrayView({ ...running, tunnelState: 'online', databaseState: 'unconfigured' }).colour, 'degraded');
  const noTunnel = deriveTrayView({ ...running, tunnelState: 'not_configured' });
  assert.equal(noTunnel.colour, 'degraded');
  assert.equal(noTunnel.canToggleTunnel, false, 'nothing to pause without a tunnel');
  assert.equal(deriveTrayView({ ...running, tunnelState: 'stopped' }).tunnelPaused, true);
  const failed = deriveTrayView({ ...INITIAL_SNAPSHOT, phase: 'restarting', lastError: 'secrets locked' });
  assert.equal(failed.colour, 'offline');
  assert.match(failed.tooltip, /secrets locked/);
});

test('"Create diagnostics bundle" in the tray asks the running bridge for one', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const online = rig.until((view) => view.colour === 'online');
  rig.electron.utilityProcess.latest?.printReady();
  await online;
  const entry = item(rig.fakeTray, 'Create diagnostics bundle…');
  assert.ok(entry?.click, 'the tray has the item');
  const shown = rig.nextShownFile();
  entry.click({} as never, undefined, {} as never);
  assert.equal(await shown, '/data/diagnostics/deskbridge-diagnostics-20260101-000000.zip');
  assert.ok(rig.admins[0]?.calls.includes('diagnostics'));
});
