// Answers the preload's few IPC calls, and only when they come from the bridge's admin origin.
import { IPC_CHANNELS } from './ipc-channels.js';
import type { RunMode } from './tray-state.js';

/** The part of an IPC invoke event the guard reads: which frame (and so which page) asked. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's ipcMain the handlers use. */
export interface InvokeRegistry {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** What the dashboard may ask of the shell. */
export interface DesktopRequests {
  getStartAtLogin(): Promise<boolean>;
  setStartAtLogin(enabled: boolean): Promise<void>;
  setupFinished(): Promise<void>;
  /** "app" (while the user is logged in) or "service". */
  getRunMode(): Promise<RunMode>;
  /** Switches (asking for administrator rights); resolves when the switch is done, cancelled or failed. */
  setRunMode(mode: RunMode): Promise<void>;
}

/** Whether an IPC call comes from a frame showing the admin origin (not from any page that got into the window). */
export function isFromAdminOrigin(senderUrl: string | undefined, adminOrigin: string | undefined): boolean {
  if (!senderUrl || !adminOrigin) return false;
  try {
    return new URL(senderUrl).origin === adminOrigin;
  } catch {
    return false;
  }
}

export function registerDesktopRequests(ipcMain: InvokeRegistry, requests: DesktopRequests, adminOrigin: () => string | undefined): void {
  const guard = <T>(handler: (event: InvokeEvent, ...args: unknown[]) => Promise<T>) =>
    (event: InvokeEvent, ...args: unknown[]): Promise<T> => {
      if (!isFromAdminOrigin(event.senderFrame?.url, adminOrigin())) return Promise.reject(new Error('Refused: not the Deskbridge dashboard.'));
      return handler(event, ...args);
    };
  ipcMain.handle(IPC_CHANNELS.getStartAtLogin, guard(() => requests.getStartAtLogin()));
  ipcMain.handle(IPC_CHANNELS.setStartAtLogin, guard((_event, enabled) => {
    if (typeof enabled !== 'boolean') return Promise.reject(new Error('Expected true or false.'));
    return requests.setStartAtLogin(enabled);
  }));
  ipcMain.handle(IPC_CHANNELS.setupFinished, guard(() => requests.setupFinished()));
  ipcMain.handle(IPC_CHANNELS.getRunMode, guard(() => requests.getRunMode()));
  ipcMain.handle(IPC_CHANNELS.setRunMode, guard((_event, mode) => {
    if (mode !== 'app' && mode !== 'service') return Promise.reject(new Error('Expected "app" or "service".'));
    return requests.setRunMode(mode);
  }));
}
