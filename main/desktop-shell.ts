// Wires the shell together: bridge status to tray and notifications, the dashboard window, menus and IPC.
import {
  BrowserWindow, Menu, Notification, Tray, app, clipboard, dialog, ipcMain, session, shell,
} from 'electron';
import { saveDiagnostics } from './admin-client.js';
import type { BridgeSupervisor } from './bridge-supervisor.js';
import { BridgeStatusTracker } from './bridge-status.js';
import { systemClock } from './clock.js';
import { registerDesktopRequests } from './ipc.js';
import { applyStartAtLogin, isStartAtLoginEnabled, shouldStartAtLogin, type LoginItemEnvironment } from './login-item.js';
import { buildAppMenu, describeVersions, openLogFolder } from './menu.js';
import { AlertNotifier } from './notifications.js';
import { writeShellSettings, type ShellSettings } from './shell-settings.js';
import { focusWindow } from './single-instance.js';
import { mergeEventSources, type ServiceLink } from './service-link.js';
import { StatusTray } from './tray.js';
import type { RunMode, TrayView } from './tray-state.js';
import { createWindowOptions, guardNavigation, hardenSession, keepServingOnClose } from './window.js';

/** The switch between the app's own bridge and the service (see service-mode.ts). */
export interface RunModeSwitch {
  readonly runMode: RunMode;
  switchTo(mode: RunMode): Promise<void>;
}

export interface DesktopShellOptions {
  supervisor: BridgeSupervisor;
  /** The installed service, when the app attaches to it instead of running its own bridge. */
  link: ServiceLink;
  runModes: RunModeSwitch;
  settings: ShellSettings;
  userDataDir: string;
  dataDir: string;
  assetsDir: string;
  iconPath: string;
  preloadPath: string;
  launchedAtLogin: boolean;
  loginItems: LoginItemEnvironment;
}

export class DesktopShell {
  private readonly tracker: BridgeStatusTracker;
  private readonly tray: StatusTray;
  private readonly notifier: AlertNotifier;
  private window: BrowserWindow | undefined;
  private quitting = false;
  private readonly shownStartErrors = new Set<string>();
  private readonly viewWaiters: Array<(view: TrayView) => void> = [];

  constructor(private readonly options: DesktopShellOptions) {
    this.tray = new StatusTray({ Tray, Menu }, options.assetsDir, {
      openWindow: () => this.openWindow(),
      copyPublicUrl: (url) => clipboard.writeText(url),
      pauseTunnel: () => this.changeTunnel('pause'),
      resumeTunnel: () => this.changeTunnel('resume'),
      createDiagnostics: () => this.createDiagnostics(),
      switchRunMode: (mode) => void options.runModes.switchTo(mode).catch((error: unknown) => {
        dialog.showErrorBox('Deskbridge could not switch', error instanceof Error ? error.message : String(error));
      }),
      quit: () => app.quit(),
    });
    // Only one of the two reports at a time: the app's own bridge, or the service it attached to.
    const bridge = mergeEventSources(options.supervisor, options.link);
    this.tracker = new BridgeStatusTracker(bridge, {
      clock: systemClock,
      onView: (view) => this.showView(view),
      onError: (error) => console.error('deskbridge: status poll failed:', error),
    });
    this.tray.show(this.tracker.view);
    this.notifier = new AlertNotifier({ Notification }, systemClock, { iconPath: options.iconPath, onClick: () => this.openWindow() });
    bridge.onEvent((event) => {
      this.notifier.handle(event);
      if (event.event === 'ready') this.showDashboard(event.adminUrl);
    });
    options.supervisor.onEvent((event) => {
      if (event.event === 'error') this.reportStartError(event.code, event.message);
    });
    hardenSession(session.defaultSession, () => this.adminOrigin());
    registerDesktopRequests(ipcMain, {
      getStartAtLogin: () => isStartAtLoginEnabled(options.loginItems),
      setStartAtLogin: (enabled) => this.updateSettings({ startAtLogin: enabled }),
      setupFinished: () => this.updateSettings({ setupFinished: true }),
      getRunMode: async () => options.runModes.runMode,
      setRunMode: (mode) => options.runModes.switchTo(mode),
    }, () => this.adminOrigin());
    void this.syncStartAtLogin();
    this.exposeToEndToEndTests();
  }

  /** Shows which bridge the shell follows, and whether a switch is under way. */
  showRunMode(runMode: RunMode, switching: boolean): void {
    this.tracker.setRunMode(runMode, switching);
  }

  /** From now on, closing the window really closes it. */
  markQuitting(): void {
    this.quitting = true;
  }

  /** Shows the dashboard (tray, second launch, notification click, macOS dock). */
  openWindow(): void {
    if (this.window) focusWindow(this.window);
    else if (this.tracker.adminUrl) this.createWindow(this.tracker.adminUrl);
  }

  private adminOrigin(): string | undefined {
    return this.tracker.admin?.origin;
  }

  private showView(view: TrayView): void {
    this.tray.show(view);
    for (const resolve of this.viewWaiters.splice(0)) resolve(view);
  }

  private showDashboard(adminUrl: string): void {
    // Each bridge start has a new admin port and token: an open window follows it.
    if (this.window) void this.window.loadURL(adminUrl);
    else if (!this.options.launchedAtLogin) this.createWindow(adminUrl);
  }

  private createWindow(adminUrl: string): void {
    const window = new BrowserWindow(createWindowOptions(this.options.preloadPath, this.options.iconPath));
    this.window = window;
    guardNavigation(window.webContents, shell, () => this.adminOrigin());
    keepServingOnClose(window, {
      isQuitting: () => this.quitting,
      hintShown: this.options.settings.closeHintShown,
      onFirstHide: () => this.showCloseHint(),
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => { this.window = undefined; });
    void window.loadURL(adminUrl);
  }

  private showCloseHint(): void {
    if (Notification.isSupported()) {
      new Notification({
        title: 'Deskbridge keeps running',
        body: 'It goes on serving Talkdesk from the tray. To stop it, choose Quit in the tray menu.',
        icon: this.options.iconPath,
      }).show();
    }
    void this.updateSettings({ closeHintShown: true });
  }

  private changeTunnel(action: 'pause' | 'resume'): void {
    const admin = this.tracker.admin;
    if (!admin) return;
    const request = action === 'pause' ? admin.pauseTunnel() : admin.resumeTunnel();
    request
      .then(() => this.tracker.refresh())
      .catch((error: unknown) => dialog.showErrorBox(`Could not ${action} the tunnel`, error instanceof Error ? error.message : String(error)));
  }

  /** Talkdesk calls the bridge is answering now; undefined when it does not answer. */
  async callsInFlight(): Promise<number | undefined> {
    const status = await this.tracker.admin?.fetchStatus().catch(() => undefined);
    return status?.calls?.inFlight;
  }

  /** Asks the bridge for a diagnostics bundle and shows it in the file manager. */
  private createDiagnostics(): void {
    const admin = this.tracker.admin;
    if (!admin) {
      dialog.showErrorBox('Could not create a diagnostics bundle', 'The bridge is not running yet. Try again in a moment, or run "deskbridge diagnostics".');
      return;
    }
    // A service's data folder is not the user's to open: its bundle is copied into Downloads.
    const inService = this.options.runModes.runMode === 'service';
    admin.createDiagnostics()
      .then((bundle) => (inService ? saveDiagnostics(admin, bundle, app.getPath('downloads')) : bundle.file))
      .then((file) => shell.showItemInFolder(file))
      .catch((error: unknown) => dialog.showErrorBox('Could not create a diagnostics bundle', error instanceof Error ? error.message : String(error)));
  }

  private reportStartError(code: string, message: string): void {
    // A bridge that cannot start retries with backoff; say why once, not at every retry.
    if (this.shownStartErrors.has(code)) return;
    this.shownStartErrors.add(code);
    dialog.showErrorBox('Deskbridge could not start its bridge', `${message}\n\n(${code}) Deskbridge keeps retrying; the logs are in ${this.options.dataDir}.`);
  }

  private async updateSettings(change: Partial<ShellSettings>): Promise<void> {
    Object.assign(this.options.settings, change);
    await writeShellSettings(this.options.userDataDir, this.options.settings);
    if ('startAtLogin' in change || 'setupFinished' in change) await this.syncStartAtLogin();
  }

  private async syncStartAtLogin(): Promise<void> {
    const { settings, loginItems } = this.options;
    const wanted = shouldStartAtLogin({ choice: settings.startAtLogin, setupFinished: settings.setupFinished, isPackaged: app.isPackaged });
    try {
      // A development run leaves the OS login items alone (a packaged install may own them).
      if (app.isPackaged && wanted !== await isStartAtLoginEnabled(loginItems)) await applyStartAtLogin(wanted, loginItems);
    } catch (error) {
      console.error('deskbridge: could not change the login item:', error);
    }
    this.refreshMenu(wanted);
  }

  private refreshMenu(startAtLogin: boolean): void {
    const template = buildAppMenu({ platform: process.platform, isPackaged: app.isPackaged, startAtLogin }, {
      showAbout: () => void this.showAbout(),
      showLogs: () => void openLogFolder(shell, this.options.dataDir).then((error) => { if (error) dialog.showErrorBox('Could not open the logs', error); }),
      openWindow: () => this.openWindow(),
      toggleStartAtLogin: (enabled) => void this.updateSettings({ startAtLogin: enabled }),
      quit: () => app.quit(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  private async showAbout(): Promise<void> {
    await dialog.showMessageBox({
      type: 'info',
      title: 'About Deskbridge',
      message: 'Deskbridge',
      detail: describeVersions(app.getVersion(), process.versions, process.platform, process.arch),
      buttons: ['OK'],
    });
  }

  /** With DESKBRIDGE_E2E=1, the Playwright test can read the tray and wait for its next change. */
  private exposeToEndToEndTests(): void {
    if (process.env.DESKBRIDGE_E2E !== '1') return;
    Object.defineProperty(globalThis, 'deskbridgeE2E', {
      value: {
        trayView: () => this.tray.view,
        nextTrayView: () => new Promise<TrayView>((resolve) => this.viewWaiters.push(resolve)),
        bridgePid: () => this.options.supervisor.pid,
      },
    });
  }
}
