// The desktop app end to end with Playwright's Electron driver: launch, dashboard, tray following the bridge, quit.
// It runs wherever Electron's binary is installed; elsewhere it reports a visible skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { _electron, type ElectronApplication } from 'playwright-core';
import { electronPackageDir, findElectronBinary } from '../../main/launch.js';
import type { TrayView } from '../../main/tray-state.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const appEntry = path.join(root, 'dist', 'main', 'app.js');
const bridgeEntry = path.join(root, 'dist', 'bridge', 'cli.js');
const electron = findElectronBinary(electronPackageDir(createRequire(import.meta.url)));

/** What main/desktop-shell.ts exposes to this test when DESKBRIDGE_E2E=1. */
interface ShellHook {
  trayView(): TrayView | undefined;
  nextTrayView(): Promise<TrayView>;
  bridgePid(): number | undefined;
}

type Wanted = 'running' | 'restarting';

/** Waits, inside the main process, for the tray to show the bridge in the wanted phase (on tray changes, not a timer). */
function waitForTray(app: ElectronApplication, wanted: Wanted): Promise<TrayView> {
  return app.evaluate(async (_electron, phase) => {
    const hook = (globalThis as unknown as { deskbridgeE2E: ShellHook }).deskbridgeE2E;
    const matches = (view: TrayView | undefined) => view !== undefined
      && (phase === 'running' ? view.canToggleTunnel : view.colour === 'offline' && /restarting/.test(view.tooltip));
    let view = hook.trayView();
    while (!matches(view)) view = await hook.nextTrayView();
    return view as TrayView;
  }, wanted);
}

function bridgePid(app: ElectronApplication): Promise<number | undefined> {
  return app.evaluate(() => (globalThis as unknown as { deskbridgeE2E: ShellHook }).deskbridgeE2E.bridgePid());
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the desktop app shows the dashboard, its tray follows the bridge, and quitting stops the bridge', { timeout: 180_000 }, async (t) => {
  if ('missing' in electron) {
    t.skip(`Electron binary not installed: ${electron.missing}`);
    return;
  }
  assert.ok(existsSync(appEntry) && existsSync(bridgeEntry), 'build first: npm run build');
  const userData = await mkdtemp(path.join(os.tmpdir(), 'deskbridge-e2e-'));
  t.after(() => rm(userData, { recursive: true, force: true }));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  // A provided key spares CI machines without a keychain; the keychain path is covered by the unit tests.
  Object.assign(env, { DESKBRIDGE_USER_DATA_DIR: userData, DESKBRIDGE_E2E: '1', DESKBRIDGE_MASTER_KEY: randomBytes(32).toString('hex') });
  const app = await _electron.launch({ executablePath: electron.path, args: [appEntry], env, timeout: 60_000 });
  t.after(() => app.close().catch(() => undefined));

  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  assert.match(window.url(), /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  const firstOrigin = new URL(window.url()).origin;
  assert.match(await window.title(), /Deskbridge/);
  await window.getByText('Deskbridge').first().waitFor();
  const nodeInPage = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require);
  assert.equal(nodeInPage, 'undefined', 'the page has no Node');

  // The tray a user sees once the bridge runs: its menu can pause the tunnel (what waitForTray waits for).
  await waitForTray(app, 'running');
  const firstPid = await bridgePid(app);
  assert.ok(firstPid && isAlive(firstPid));

  process.kill(firstPid, 'SIGKILL');
  const restarting = await waitForTray(app, 'restarting');
  assert.equal(restarting.canToggleTunnel, false);
  await waitForTray(app, 'running');
  const secondPid = await bridgePid(app);
  assert.ok(secondPid && secondPid !== firstPid && isAlive(secondPid));
  // The restarted bridge has a new admin port: the window followed it.
  await window.waitForURL((url) => url.origin !== firstOrigin);

  await app.close();
  assert.equal(isAlive(secondPid), false, 'quitting the app stopped the bridge');
});
