// The tray icon: status colour, tooltip and a menu with the public URL, Copy, Open, Pause/Resume tunnel, diagnostics, run mode and Quit.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { RunMode, TrayColour, TrayView } from './tray-state.js';

/** One tray or menu item, as Electron's Menu.buildFromTemplate takes it. */
export type MenuTemplateItem = MenuItemConstructorOptions;

/** The part of Electron's Tray the shell uses. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The part of the electron module the tray needs. */
export interface TrayElectron {
  Tray: new (image: string) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): unknown };
}

/** What the tray's menu items do. */
export interface TrayActions {
  openWindow(): void;
  copyPublicUrl(url: string): void;
  pauseTunnel(): void;
  resumeTunnel(): void;
  createDiagnostics(): void;
  switchRunMode(mode: RunMode): void;
  quit(): void;
}

/** The two ways to run, as the tray offers them (Tableau Bridge's words, more or less). */
export const RUN_MODE_LABELS: Record<RunMode, string> = {
  app: 'While I am logged in',
  service: 'As a service (before anyone logs in)',
};

function runModeItem(view: TrayView, actions: TrayActions): MenuItemConstructorOptions {
  const choices = (['app', 'service'] as const).map((mode): MenuItemConstructorOptions => ({
    label: RUN_MODE_LABELS[mode], type: 'radio', checked: view.runMode === mode, enabled: !view.switching,
    click: () => { if (mode !== view.runMode) actions.switchRunMode(mode); },
  }));
  return { label: view.switching ? 'Run Deskbridge (switching…)' : 'Run Deskbridge', submenu: choices };
}

const COLOUR_LABELS: Record<TrayColour, string> = { online: 'Online', degraded: 'Needs attention', offline: 'Offline' };

/** Builds the tray menu for a view (pure, so tests can read it). */
export function buildTrayMenu(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const url = view.publicUrl;
  return [
    { label: `Status: ${COLOUR_LABELS[view.colour]}${view.runMode === 'service' ? ' (running as a service)' : ''}`, enabled: false },
    { label: url ?? 'No public URL yet', enabled: false },
    { label: 'Copy public URL', enabled: url !== null, click: () => { if (url) actions.copyPublicUrl(url); } },
    { type: 'separator' },
    { label: 'Open Deskbridge', click: () => actions.openWindow() },
    view.tunnelPaused
      ? { label: 'Resume tunnel', enabled: view.canToggleTunnel, click: () => actions.resumeTunnel() }
      : { label: 'Pause tunnel', enabled: view.canToggleTunnel, click: () => actions.pauseTunnel() },
    { label: 'Create diagnostics bundle…', click: () => actions.createDiagnostics() },
    runModeItem(view, actions),
    { type: 'separator' },
    { label: view.runMode === 'service' ? 'Quit Deskbridge (the service keeps running)' : 'Quit Deskbridge', click: () => actions.quit() },
  ];
}

/** The icon file for a colour; Electron picks the @2x variant on high-density screens. */
export function trayIconPath(assetsDir: string, colour: TrayColour): string {
  return path.join(assetsDir, `tray-${colour}.png`);
}

/** Owns the tray icon and redraws it whenever the view changes. */
export class StatusTray {
  private readonly tray: TrayLike;
  private lastView: TrayView | undefined;

  constructor(private readonly electron: TrayElectron, private readonly assetsDir: string, private readonly actions: TrayActions) {
    this.tray = new electron.Tray(trayIconPath(assetsDir, 'offline'));
    // A left click opens the window (Windows, Linux); macOS shows the menu instead.
    this.tray.on('click', () => actions.openWindow());
  }

  /** The view the tray shows now. */
  get view(): TrayView | undefined {
    return this.lastView;
  }

  show(view: TrayView): void {
    const previous = this.lastView;
    this.lastView = view;
    if (previous?.colour !== view.colour) this.tray.setImage(trayIconPath(this.assetsDir, view.colour));
    if (previous?.tooltip !== view.tooltip) this.tray.setToolTip(view.tooltip);
    this.tray.setContextMenu(this.electron.Menu.buildFromTemplate(buildTrayMenu(view, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
