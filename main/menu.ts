// The application menu, the About text with versions, and Show logs.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions, Shell } from 'electron';

/** What the menu items do. */
export interface MenuActions {
  showAbout(): void;
  showLogs(): void;
  openWindow(): void;
  toggleStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  startAtLogin: boolean;
}

function fileMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions {
  const items: MenuItemConstructorOptions[] = [
    { label: 'Open Deskbridge', click: () => actions.openWindow() },
    { label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: (item) => actions.toggleStartAtLogin(item.checked) },
    { label: 'Show logs', click: () => actions.showLogs() },
  ];
  // On macOS, Quit lives in the app menu.
  if (state.platform !== 'darwin') items.push({ type: 'separator' }, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() });
  return { label: 'File', submenu: items };
}

/** The application menu (pure; Edit roles keep copy and paste working in the dashboard's fields). */
export function buildAppMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }, { role: 'togglefullscreen' }];
  if (!state.isPackaged) view.push({ role: 'toggleDevTools' });
  const menu: MenuItemConstructorOptions[] = [
    fileMenu(state, actions),
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Deskbridge', click: () => actions.showAbout() }, { label: 'Show logs', click: () => actions.showLogs() }] },
  ];
  if (state.platform === 'darwin') {
    menu.unshift({
      label: 'Deskbridge',
      submenu: [
        { label: 'About Deskbridge', click: () => actions.showAbout() },
        { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' },
        { label: 'Quit Deskbridge', accelerator: 'Cmd+Q', click: () => actions.quit() },
      ],
    });
  }
  return menu;
}

/** The About box's detail text. */
export function describeVersions(appVersion: string, versions: Partial<Record<'electron' | 'chrome' | 'node', string>>, platform: string, arch: string): string {
  return [
    `Deskbridge ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node ?? '?'}`,
    `${platform} ${arch}`,
  ].join('\n');
}

/** Opens DATA_DIR/logs in the file manager (creating it if the bridge has not yet); returns an error message or ''. */
export async function openLogFolder(shell: Pick<Shell, 'openPath'>, dataDir: string): Promise<string> {
  const folder = path.join(dataDir, 'logs');
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  return shell.openPath(folder);
}
