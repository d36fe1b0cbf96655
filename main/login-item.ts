// Start at login: the policy (on by default once setup is done) and the OS mechanism (login items, XDG autostart).
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Passed when the OS starts the app at login, so it opens in the tray without a window. */
export const HIDDEN_ARG = '--hidden';

/** The part of Electron's app the login item uses (Windows and macOS). */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin: boolean };
}

export interface LoginItemEnvironment {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  /** What the autostart entry runs: the AppImage path when there is one, else the executable. */
  executable: string;
  /** $XDG_CONFIG_HOME or ~/.config (Linux only). */
  configDir: string;
}

/**
 * Whether the app should start at login: the user's explicit choice wins; otherwise on once setup is
 * finished. A development run (not packaged) never registers itself, since it would register Electron.
 */
export function shouldStartAtLogin(input: { choice: boolean | undefined; setupFinished: boolean; isPackaged: boolean }): boolean {
  if (!input.isPackaged) return false;
  return input.choice ?? input.setupFinished;
}

/** Whether this launch came from the login item (then the window stays hidden). */
export function wasLaunchedAtLogin(argv: readonly string[], app: LoginItemApp, platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}

function autostartFile(configDir: string): string {
  return path.join(configDir, 'autostart', 'deskbridge.desktop');
}

function autostartEntry(executable: string): string {
  // Desktop Entry quoting: escape " ` $ \ inside the quotes, and double % (field codes).
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Deskbridge', `Exec=${quoted} ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

/** Registers or removes the login item. Linux has no login-item API in Electron, so it writes an XDG autostart entry. */
export async function applyStartAtLogin(enabled: boolean, environment: LoginItemEnvironment): Promise<void> {
  const { app, platform, executable, configDir } = environment;
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return;
  }
  const file = autostartFile(configDir);
  if (!enabled) {
    await fs.rm(file, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, autostartEntry(executable));
}

/** Whether the app is currently registered to start at login. */
export async function isStartAtLoginEnabled(environment: LoginItemEnvironment): Promise<boolean> {
  if (environment.platform !== 'linux') return environment.app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
  try {
    await fs.access(autostartFile(environment.configDir));
    return true;
  } catch {
    return false;
  }
}
