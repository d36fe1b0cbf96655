// Single instance, start at login, the master key kept by the OS keychain, notifications, menu and the npm start launcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary, planLaunch } from '../../main/launch.js';
import {
  applyStartAtLogin, HIDDEN_ARG, isStartAtLoginEnabled, shouldStartAtLogin, wasLaunchedAtLogin, type LoginItemEnvironment,
} from '../../main/login-item.js';
import { acceptProvidedKey, loadMasterKey, MASTER_KEY_FILE } from '../../main/master-key-store.js';
import { buildAppMenu, describeVersions } from '../../main/menu.js';
import { AlertNotifier, QUIET_PERIOD_MS } from '../../main/notifications.js';
import { readShellSettings, writeShellSettings } from '../../main/shell-settings.js';
import { claimSingleInstance, focusWindow } from '../../main/single-instance.js';
import { createFakeElectron, FakeClock, FakeNotification, FakeSafeStorage } from '../support/fake-electron.js';

async function temporaryDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskbridge-main-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a second launch focuses the first one\'s window; the second instance is told to quit', () => {
  const { app } = createFakeElectron();
  let focused = 0;
  assert.equal(claimSingleInstance(app, () => { focused += 1; }), true);
  app.emit('second-instance', {}, ['deskbridge'], '/');
  assert.equal(focused, 1);
  const other = createFakeElectron().app;
  other.lockAvailable = false;
  assert.equal(claimSingleInstance(other, () => assert.fail('the losing instance focuses nothing')), false);
  const steps: string[] = [];
  focusWindow({ isMinimized: () => true, restore: () => steps.push('restore'), show: () => steps.push('show'), focus: () => steps.push('focus') });
  assert.deepEqual(steps, ['restore', 'show', 'focus']);
});

test('start at login is on by default once setup is done, the user\'s choice wins, and a dev run never registers', () => {
  assert.equal(shouldStartAtLogin({ choice: undefined, setupFinished: false, isPackaged: true }), false);
  assert.equal(shouldStartAtLogin({ choice: undefined, setupFinished: true, isPackaged: true }), true);
  assert.equal(shouldStartAtLogin({ choice: false, setupFinished: true, isPackaged: true }), false);
  assert.equal(shouldStartAtLogin({ choice: true, setupFinished: false, isPackaged: true }), true);
  assert.equal(shouldStartAtLogin({ choice: true, setupFinished: true, isPackaged: false }), false);
});

test('on Windows and macOS the login item is registered to open hidden in the tray', async () => {
  const { app } = createFakeElectron();
  const environment: LoginItemEnvironment = { app, platform: 'win32', executable: 'C:\\Deskbridge.exe', configDir: 'unused' };
  await applyStartAtLogin(true, environment);
  assert.deepEqual(app.loginItem, { openAtLogin: true, args: [HIDDEN_ARG] });
  assert.equal(await isStartAtLoginEnabled(environment), true);
  await applyStartAtLogin(false, environment);
  assert.equal(await isStartAtLoginEnabled(environment), false);
  assert.equal(wasLaunchedAtLogin(['Deskbridge.exe', HIDDEN_ARG], app, 'win32'), true);
  assert.equal(wasLaunchedAtLogin(['Deskbridge.exe'], app, 'win32'), false);
  app.wasOpenedAtLogin = true;
  assert.equal(wasLaunchedAtLogin(['Deskbridge'], app, 'darwin'), true);
});

test('on Linux start at login is an XDG autostart entry that runs the AppImage hidden', async (t) => {
  const configDir = await temporaryDir(t);
  const { app } = createFakeElectron();
  const environment: LoginItemEnvironment = { app, platform: 'linux', executable: '/home/office/Apps/Deskbridge "1".AppImage', configDir };
  assert.equal(await isStartAtLoginEnabled(environment), false);
  await applyStartAtLogin(true, environment);
  const entry = await readFile(path.join(configDir, 'autostart', 'deskbridge.desktop'), 'utf8');
  assert.match(entry, /^\[Desktop Entry\]$/m);
  assert.match(entry, /^Exec="\/home\/office\/Apps\/Deskbridge \\"1\\"\.AppImage" --hidden$/m);
  assert.equal(await isStartAtLoginEnabled(environment), true);
  await applyStartAtLogin(false, environment);
  assert.equal(await isStartAtLoginEnabled(environment), false);
  assert.equal(app.loginItem.openAtLogin, false, 'Electron\'s login item API is not used on Linux');
});

test('the master key is created once, stored only encrypted, and read back the same', async (t) => {
  const userDataDir = await temporaryDir(t);
  const safeStorage = new FakeSafeStorage();
  const first = await loadMasterKey({ safeStorage, platform: 'linux', userDataDir });
  assert.ok(first.ok && first.created);
  assert.match(first.keyHex, /^[0-9a-f]{64}$/);
  const stored = await readFile(path.join(userDataDir, MASTER_KEY_FILE));
  assert.ok(!stored.toString().includes(first.keyHex), 'the key never touches the disk in clear');
  if (process.platform !== 'win32') assert.equal((await stat(path.join(userDataDir, MASTER_KEY_FILE))).mode & 0o077, 0);
  const second = await loadMasterKey({ safeStorage, platform: 'linux', userDataDir });
  assert.deepEqual(second, { ok: true, keyHex: first.keyHex, created: false, source: 'keychain' });
});

test('without a keychain the shell refuses to provide a key, and writes nothing', async (t) => {
  const userDataDir = await temporaryDir(t);
  const unavailable = await loadMasterKey({ safeStorage: new FakeSafeStorage(false), platform: 'win32', userDataDir });
  assert.equal(unavailable.ok, false);
  assert.ok(!unavailable.ok && unavailable.code === 'keychain_unavailable');
  // Linux without a secret service: Electron would "encrypt" with a fixed password, which is clear text in disguise.
  const basicText = await loadMasterKey({ safeStorage: new FakeSafeStorage(true, 'basic_text'), platform: 'linux', userDataDir });
  assert.ok(!basicText.ok && /in clear/.test(basicText.message));
  await assert.rejects(stat(path.join(userDataDir, MASTER_KEY_FILE)), { code: 'ENOENT' });
});

test('a stored key the keychain cannot decrypt is reported, never replaced (that would orphan every secret)', async (t) => {
  const userDataDir = await temporaryDir(t);
  const file = path.join(userDataDir, MASTER_KEY_FILE);
  await writeFile(file, 'sealed-by-another-keychain');
  const result = await loadMasterKey({ safeStorage: new FakeSafeStorage(), platform: 'darwin', userDataDir });
  assert.ok(!result.ok && result.code === 'keychain_unreadable');
  assert.equal(await readFile(file, 'utf8'), 'sealed-by-another-keychain');
});

test('notifications: a new tunnel URL and an unreachable database, each once per quiet period', () => {
  const electron = createFakeElectron();
  const clock = new FakeClock();
  let opened = 0;
  const notifier = new AlertNotifier(electron, clock, { iconPath: 'icon.png', onClick: () => { opened += 1; } });
  notifier.handle({ event: 'tunnel', state: 'online', url: 'https://new.loca.lt', urlChanged: true });
  notifier.handle({ event: 'alert', code: 'tunnel_url_changed', message: 'The public URL is now https://new.loca.lt' });
  notifier.handle({ event: 'alert', code: 'db_unavailable', message: 'The database does not answer.' });
  notifier.handle({ event: 'alert', code: 'db_unavailable', message: 'The database does not answer.' });
  notifier.handle({ event: 'tunnel', state: 'online', url: 'https://new.loca.lt', urlChanged: false });
  assert.deepEqual(FakeNotification.shown.map((shown) => shown.title), ['The public URL changed', 'The database is unreachable']);
  assert.match(FakeNotification.shown[0]?.body ?? '', /https:\/\/new\.loca\.lt/);
  clock.advance(QUIET_PERIOD_MS);
  notifier.handle({ event: 'alert', code: 'db_unavailable', message: 'Still down.' });
  assert.equal(FakeNotification.shown.length, 3);
  FakeNotification.supported = false;
  notifier.handle({ event: 'tunnel', state: 'online', url: 'https://newer.loca.lt', urlChanged: true });
  assert.equal(FakeNotification.shown.length, 3);
  assert.equal(opened, 0);
});

test('the menu has About, Show logs and Start at login; About names every version', () => {
  const chosen: string[] = [];
  const menu = buildAppMenu({ platform: 'win32', isPackaged: true, startAtLogin: true }, {
    showAbout: () => chosen.push('about'), showLogs: () => chosen.push('logs'), openWindow: () => chosen.push('open'),
    toggleStartAtLogin: (enabled) => chosen.push(`login ${enabled}`), quit: () => chosen.push('quit'),
  });
  const items = menu.flatMap((entry) => (Array.isArray(entry.submenu) ? entry.submenu : []));
  const byLabel = (label: string) => items.find((item) => item.label === label);
  assert.equal(byLabel('Start at login')?.checked, true);
  (byLabel('About Deskbridge')?.click as () => void)();
  (byLabel('Show logs')?.click as () => void)();
  assert.deepEqual(chosen, ['about', 'logs']);
  assert.ok(!items.some((item) => item.role === 'toggleDevTools'), 'no dev tools in a packaged app');
  const about = describeVersions('0.1.0', { electron: '45.5.0', chrome: '140.0', node: '22.1.0' }, 'win32', 'x64');
  assert.match(about, /Deskbridge 0\.1\.0[\s\S]*Electron 45\.5\.0[\s\S]*Chromium 140\.0[\s\S]*Node\.js 22\.1\.0/);
});

test('shell settings survive a restart and a damaged file falls back to defaults', async (t) => {
  const dir = await temporaryDir(t);
  const defaults = { setupFinished: false, closeHintShown: false, updateInstallAt: 'restart', runMode: 'app' };
  assert.deepEqual(await readShellSettings(dir), defaults);
  const chosen = {
    startAtLogin: false, setupFinished: true, closeHintShown: true, updateInstallAt: '03:30', runMode: 'service' as const,
    service: { adminPort: 28780, sealedToken: 'c2VhbGVk' },
  };
  await writeShellSettings(dir, chosen);
  assert.deepEqual(await readShellSettings(dir), chosen);
  await writeFile(path.join(dir, 'shell-settings.json'), '{ not json');
  assert.deepEqual(await readShellSettings(dir), defaults);
});

test('npm start opens the desktop app when Electron is installed, else serves headless with a note', async () => {
  const env = { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskbridge-electron-'));
  try {
    // As the electron package lays itself out: path.txt names the binary below dist/.
    await mkdir(path.join(dir, 'dist'));
    assert.match(JSON.stringify(findElectronBinary(dir, {})), /not downloaded/);
    await writeFile(path.join(dir, 'path.txt'), 'electron');
    assert.match(JSON.stringify(findElectronBinary(dir, {})), /binary is missing/);
    await writeFile(path.join(dir, 'dist', 'electron'), '');
    const electron = findElectronBinary(dir, {});
    assert.deepEqual(electron, { path: path.join(dir, 'dist', 'electron') });
    const desktop = planLaunch({ electron, distDir: '/repo/dist', nodePath: '/usr/bin/node', args: ['--verbose'], env });
    assert.deepEqual([desktop.command, ...desktop.args], [path.join(dir, 'dist', 'electron'), '/repo/dist/main/app.js', '--verbose']);
    assert.equal(desktop.note, undefined);
    assert.equal(desktop.env.ELECTRON_RUN_AS_NODE, undefined, 'Electron must start as an app');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const missing = findElectronBinary(undefined);
  const headless = planLaunch({ electron: missing, distDir: '/repo/dist', nodePath: '/usr/bin/node', args: [], env });
  assert.deepEqual([headless.command, ...headless.args], ['/usr/bin/node', '/repo/dist/bridge/cli.js', 'serve']);
  assert.match(headless.note ?? '', /Electron is not installed \(the electron package is not installed\)/);
  assert.match(headless.note ?? '', /adminUrl.*any browser/);
});

test('a key the operator provides in the environment is used as given, and only if well formed', () => {
  const key = 'AB'.repeat(32);
  assert.deepEqual(acceptProvidedKey(key), { ok: true, keyHex: key.toLowerCase(), created: false, source: 'environment' });
  assert.equal(acceptProvidedKey('secret').ok, false);
});
