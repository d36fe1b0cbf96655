// The desktop app's entry point: single instance, master key, bridge start, and a quit that stops the bridge gently.
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { app, crashReporter, dialog, safeStorage, utilityProcess } from 'electron';
import electronUpdater from 'electron-updater';
import { bundledCli } from './bridge-cli.js';
import { BridgeSupervisor, type BridgeChild } from './bridge-supervisor.js';
import { systemClock } from './clock.js';
import { keepCrashReportsLocal } from './crash-reports.js';
import { DesktopShell } from './desktop-shell.js';
import { createElevationRunner } from './elevation.js';
import { wasLaunchedAtLogin, type LoginItemEnvironment } from './login-item.js';
import { acceptProvidedKey, loadMasterKey } from './master-key-store.js';
import { isLoopbackPortFree, openServiceAccess, sealServiceAccess } from './service-access.js';
import { ServiceLink } from './service-link.js';
import { ServiceMode } from './service-mode.js';
import { dialogPrompts } from './service-prompts.js';
import { serviceUnsupportedReason } from './service-support.js';
import { readShellSettings, writeShellSettings, type ShellSettings } from './shell-settings.js';
import { startUpdates } from './updates.js';
import type { UpdatePolicy } from './update-policy.js';
import { claimSingleInstance } from './single-instance.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BRIDGE_ENTRY = path.join(here, '..', 'bridge', 'cli.js');
const PRELOAD = path.join(here, 'preload.cjs');
// Icons ship beside dist/ (electron-builder.yml lists main/assets), so they resolve the same in asar and in a checkout.
const ASSETS_DIR = path.join(here, '..', '..', 'main', 'assets');

let desktopShell: DesktopShell | undefined;
let supervisor: BridgeSupervisor | undefined;
let serviceLink: ServiceLink | undefined;
let bridgeStopped = false;
let updates: UpdatePolicy | undefined;

function bridgeEnvironment(masterKeyHex: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  env.DESKBRIDGE_MASTER_KEY = masterKeyHex;
  return env;
}

function forceKill(child: BridgeChild): void {
  // On Windows kill() already terminates; on POSIX it only sends SIGTERM, which was ignored.
  if (process.platform === 'win32' || child.pid === undefined) child.kill();
  else process.kill(child.pid, 'SIGKILL');
}

function loginItemEnvironment(): LoginItemEnvironment {
  return {
    app,
    platform: process.platform,
    executable: process.env.APPIMAGE ?? process.execPath,
    configDir: process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'),
  };
}

async function refuseWithoutKeychain(message: string): Promise<void> {
  await dialog.showMessageBox({
    type: 'error',
    title: 'Deskbridge cannot protect its secrets',
    message: 'Deskbridge cannot protect its secrets on this computer',
    detail: `${message}\n\nDeskbridge will not keep database passwords in clear text, so it will not start. `
      + 'Sign in to a desktop session with a keychain (on Linux: GNOME Keyring or KWallet), '
      + 'or run Deskbridge as a service (deskbridge serve) with an owner-only key file.',
    buttons: ['Quit'],
  });
}

/** The bridge's data folder inside the app's user-data folder. */
function dataDirectory(): string {
  return path.join(app.getPath('userData'), 'data');
}

async function start(): Promise<void> {
  const userDataDir = app.getPath('userData');
  const dataDir = dataDirectory();
  const providedKey = process.env.DESKBRIDGE_MASTER_KEY;
  const masterKey = providedKey
    ? acceptProvidedKey(providedKey)
    : await loadMasterKey({ safeStorage, platform: process.platform, userDataDir });
  if (!masterKey.ok) {
    await refuseWithoutKeychain(masterKey.message);
    app.exit(1);
    return;
  }
  supervisor = new BridgeSupervisor({
    utilityProcess,
    entry: BRIDGE_ENTRY,
    dataDir,
    env: bridgeEnvironment(masterKey.keyHex),
    platform: process.platform,
    clock: systemClock,
    forceKill,
    stderr: process.stderr,
  });
  const settings = await readShellSettings(userDataDir);
  serviceLink = new ServiceLink({ clock: systemClock });
  const runModes = createServiceMode(supervisor, serviceLink, settings, bridgeEnvironment(masterKey.keyHex));
  desktopShell = new DesktopShell({
    supervisor,
    link: serviceLink,
    runModes,
    settings,
    userDataDir,
    dataDir,
    assetsDir: ASSETS_DIR,
    iconPath: path.join(ASSETS_DIR, 'icon.png'),
    preloadPath: PRELOAD,
    launchedAtLogin: wasLaunchedAtLogin(process.argv, app, process.platform),
    loginItems: loginItemEnvironment(),
  });
  // Attaches to an installed service, or starts the app's own bridge: never a second bridge on the same machine.
  await runModes.start();
  // Only an installed app updates itself (electron-builder writes app-update.yml beside it from the `publish` configuration).
  if (app.isPackaged) {
    const shell = desktopShell;
    updates = startUpdates({
      updater: electronUpdater.autoUpdater, clock: systemClock, currentVersion: app.getVersion(), settings,
      callsInFlight: () => shell.callsInFlight(),
      log: (state) => console.error(`deskbridge: update ${JSON.stringify(state)}`),
    });
  }
}

/** The switch between the app's own bridge and the service, with the platform's elevation prompt and the app's settings. */
function createServiceMode(bridge: BridgeSupervisor, link: ServiceLink, settings: ShellSettings, env: Record<string, string>): ServiceMode {
  const userDataDir = app.getPath('userData');
  return new ServiceMode({
    cli: bundledCli(process.execPath, BRIDGE_ENTRY, env),
    elevation: createElevationRunner(process.platform),
    supervisor: bridge,
    link,
    prompts: dialogPrompts(dialog),
    dataDir: dataDirectory(),
    isPortFree: isLoopbackPortFree,
    serviceUnsupported: serviceUnsupportedReason({ platform: process.platform, executable: process.execPath, env: process.env }),
    onChange: (runMode, switching) => desktopShell?.showRunMode(runMode, switching),
    store: {
      runMode: () => settings.runMode,
      access: () => openServiceAccess(safeStorage, settings.service),
      async save(runMode, access) {
        settings.runMode = runMode;
        settings.service = access ? sealServiceAccess(safeStorage, access) : undefined;
        await writeShellSettings(userDataDir, settings);
      },
    },
  });
}

function stopBridgeBeforeQuit(event: { preventDefault(): void }): void {
  desktopShell?.markQuitting();
  updates?.stop();
  serviceLink?.detach();
  if (bridgeStopped || !supervisor) return;
  event.preventDefault();
  void supervisor.stop().finally(() => {
    bridgeStopped = true;
    app.quit();
  });
}

// Tests and side-by-side installs may point the app at another user-data folder.
if (process.env.DESKBRIDGE_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.DESKBRIDGE_USER_DATA_DIR));

// Before the app is ready, so a crash at start is kept too; the dumps go into the diagnostics bundle.
keepCrashReportsLocal({ app, crashReporter }, dataDirectory());

if (!claimSingleInstance(app, () => desktopShell?.openWindow())) {
  app.quit();
} else {
  app.on('before-quit', stopBridgeBeforeQuit);
  // The window only hides on close; this listener keeps Electron from quitting when none is left.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => desktopShell?.openWindow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Deskbridge could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
