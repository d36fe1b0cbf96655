// A typed fake of the parts of the electron module the shell uses, for unit tests where no Electron binary runs.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { BridgeChild, UtilityProcessModule } from '../../main/bridge-supervisor.js';
import type { Cancel, Clock } from '../../main/clock.js';
import type { LoginItemApp } from '../../main/login-item.js';
import type { SafeStorageLike } from '../../main/master-key-store.js';
import type { NotificationElectron, NotificationLike } from '../../main/notifications.js';
import type { SingleInstanceApp } from '../../main/single-instance.js';
import type { MenuTemplateItem, TrayElectron, TrayLike } from '../../main/tray.js';

/** A clock that moves only when the test says so. */
export class FakeClock implements Clock {
  private current = 0;
  private timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): Cancel {
    const timer = { at: this.current + ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => { timer.cancelled = true; };
  }

  /** Delays of the timers still waiting, from now. */
  pendingDelays(): number[] {
    return this.timers.filter((timer) => !timer.cancelled).map((timer) => timer.at - this.current);
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.current = due.at;
      due.callback();
    }
    this.current = until;
    this.timers = this.timers.filter((timer) => !timer.cancelled);
  }
}

/** A bridge process double: the test writes its stdout lines and decides when it exits. */
export class FakeBridgeChild extends EventEmitter implements BridgeChild {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  readonly messages: unknown[] = [];
  exited = false;

  constructor(readonly pid: number, readonly modulePath: string, readonly args: string[], readonly env: Record<string, string> | undefined) {
    super();
  }

  /** Prints one JSON event line, as the bridge does. */
  print(event: Record<string, unknown>): void {
    this.stdout.write(`${JSON.stringify(event)}\n`);
  }

  printReady(port = 4100 + this.pid): void {
    this.print({ event: 'ready', publicUrl: null, bridgeUrl: `http://127.0.0.1:${port}`, adminUrl: `http://127.0.0.1:${port}/?token=t${this.pid}` });
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }

  kill(): boolean {
    this.signals.push('SIGTERM');
    return true;
  }

  postMessage(message: unknown): void {
    this.messages.push(message);
  }
}

/** utilityProcess.fork that records every bridge it starts. */
export class FakeUtilityProcess implements UtilityProcessModule {
  readonly children: FakeBridgeChild[] = [];
  private readonly forkListeners: Array<(child: FakeBridgeChild) => void> = [];

  fork(modulePath: string, args: string[] = [], options?: { env?: Record<string, string> }): FakeBridgeChild {
    const child = new FakeBridgeChild(1000 + this.children.length, modulePath, args, options?.env);
    this.children.push(child);
    for (const listener of this.forkListeners.splice(0)) listener(child);
    return child;
  }

  /** Resolves with the next child forked. */
  nextFork(): Promise<FakeBridgeChild> {
    return new Promise((resolve) => this.forkListeners.push(resolve));
  }

  get latest(): FakeBridgeChild | undefined {
    return this.children.at(-1);
  }
}

/** safeStorage whose "encryption" is reversible and visibly not the plain text. */
export class FakeSafeStorage implements SafeStorageLike {
  constructor(
    public available = true,
    public backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret',
  ) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): ReturnType<SafeStorageLike['getSelectedStorageBackend']> {
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    return Buffer.from(`sealed:${Buffer.from(plainText).toString('base64')}`);
  }

  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString();
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('sealed:'.length), 'base64').toString();
  }
}

export class FakeTray implements TrayLike {
  static instances: FakeTray[] = [];
  image: string;
  toolTip = '';
  menu: MenuTemplateItem[] = [];
  destroyed = false;
  private clickListener: (() => void) | undefined;

  constructor(image: string) {
    this.image = image;
    FakeTray.instances.push(this);
  }

  setImage(image: string): void { this.image = image; }
  setToolTip(toolTip: string): void { this.toolTip = toolTip; }
  setContextMenu(menu: unknown): void { this.menu = menu as MenuTemplateItem[]; }
  on(_event: 'click', listener: () => void): this { this.clickListener = listener; return this; }
  destroy(): void { this.destroyed = true; }
  click(): void { this.clickListener?.(); }

  /** Runs the click handler of the menu item with this label. */
  choose(label: string): void {
    const item = this.menu.find((entry) => entry.label === label);
    if (!item?.click) throw new Error(`No clickable tray item "${label}" in: ${this.menu.map((entry) => entry.label).join(', ')}`);
    (item.click as () => void)();
  }
}

export class FakeNotification implements NotificationLike {
  static shown: Array<{ title: string; body: string }> = [];
  static supported = true;
  static isSupported(): boolean { return FakeNotification.supported; }
  private clickListener: (() => void) | undefined;

  constructor(readonly options: { title: string; body: string; icon?: string }) {}

  on(_event: 'click', listener: () => void): this { this.clickListener = listener; return this; }
  show(): void { FakeNotification.shown.push({ title: this.options.title, body: this.options.body }); }
  click(): void { this.clickListener?.(); }
}

/** The app object: single-instance lock and login items. */
export class FakeApp extends EventEmitter implements SingleInstanceApp, LoginItemApp {
  lockAvailable = true;
  loginItem = { openAtLogin: false, args: [] as string[] };
  wasOpenedAtLogin = false;

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }

  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void {
    this.loginItem = { ...settings };
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
}

/** The crash reporter: records how it was started (uploads must stay off). */
export class FakeCrashReporter {
  started: Array<Record<string, unknown>> = [];
  start(options: Record<string, unknown>): void {
    this.started.push(options);
  }
}

/** The fake module, shaped like the parts of `electron` the shell's testable modules take. */
export function createFakeElectron(): TrayElectron & NotificationElectron & {
  app: FakeApp;
  utilityProcess: FakeUtilityProcess;
  safeStorage: FakeSafeStorage;
} {
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  return {
    app: new FakeApp(),
    utilityProcess: new FakeUtilityProcess(),
    safeStorage: new FakeSafeStorage(),
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuTemplateItem[]) => template },
    Notification: FakeNotification,
  };
}
