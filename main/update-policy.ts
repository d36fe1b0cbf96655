// When the desktop app checks, downloads and installs updates: daily, in the background, never mid-call, never backwards.
import type { AppUpdater } from 'electron-updater';
import semver from 'semver';
import type { Cancel, Clock } from './clock.js';

/** The parts of electron-updater's AppUpdater the policy drives (tests pass a typed fake). */
export type UpdaterLike = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'>;

/** When a downloaded update is installed: at the next restart of the app, or every day at a local time the admin chose. */
export type InstallWhen = { kind: 'on_restart' } | { kind: 'at_time'; hour: number; minute: number };

export type UpdateState =
  | { state: 'idle' } | { state: 'checking' } | { state: 'up_to_date'; offered?: string }
  | { state: 'downloading'; version: string } | { state: 'downloaded'; version: string; installsAt: 'restart' | number }
  | { state: 'install_postponed'; version: string; retryAt: number; reason: 'serving_call' | 'bridge_silent' } | { state: 'installing'; version: string } | { state: 'failed'; message: string; retryAt: number };

export interface UpdatePolicyOptions {
  updater: UpdaterLike;
  clock: Clock;
  currentVersion: string;
  installWhen: InstallWhen;
  /** How many calls the bridge is answering now (an install waits until none); undefined when it does not answer. */
  callsInFlight(): Promise<number | undefined>;
  onState(state: UpdateState): void;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The first check waits until the app has settled after a start. */
export const FIRST_CHECK_MS = 5 * 60 * 1000;
/** While a call is being served, the install waits this long and asks again. */
export const BUSY_RETRY_MS = 60 * 1000;
/**
 * A bridge that does not answer may be busy, so the install waits for it; but one that stays silent this many tries in a
 * row (ten minutes) serves no call either, and the install goes ahead rather than leave the update waiting for ever.
 */
export const SILENT_TRIES_BEFORE_INSTALL = 10;

/** Milliseconds from NOW until the next local HOUR:MINUTE (tomorrow's when today's has passed). */
export function untilLocalTime(now: number, hour: number, minute: number): number {
  const next = new Date(now);
  next.setHours(hour, minute, 0, 0);
  if (next.getTime() <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now;
}

export class UpdatePolicy {
  private state: UpdateState = { state: 'idle' };
  private checkTimer: Cancel | undefined;
  private installTimer: Cancel | undefined;
  private running: Promise<void> | undefined;
  private silentTries = 0;

  constructor(private readonly options: UpdatePolicyOptions) {
    const { updater } = options;
    // The policy decides when to download and install; downgrades are never taken, even when a server offers one.
    updater.autoDownload = false;
    updater.allowDowngrade = false;
    updater.autoInstallOnAppQuit = true;
  }

  get current(): UpdateState {
    return this.state;
  }

  /** Checks a few minutes after start, then once a day. */
  start(): void {
    this.scheduleCheck(FIRST_CHECK_MS);
  }

  stop(): void {
    this.checkTimer?.();
    this.installTimer?.();
  }

  /** Checks now (the daily timer, or the admin asking); a check already running is joined, not repeated. */
  checkNow(): Promise<void> {
    // A downloaded update waits for its install; checking again would only download it again.
    if (['downloaded', 'install_postponed', 'installing'].includes(this.state.state)) return Promise.resolve();
    this.running ??= this.check();
    return this.running;
  }

  private scheduleCheck(ms: number): void {
    this.checkTimer?.();
    this.checkTimer = this.options.clock.setTimeout(() => {
      this.scheduleCheck(DAY_MS);
      void this.checkNow();
    }, ms);
  }

  private set(state: UpdateState): void {
    this.state = state;
    this.options.onState(state);
  }

  private async check(): Promise<void> {
    const { updater, currentVersion, clock } = this.options;
    this.set({ state: 'checking' });
    try {
      const result = await updater.checkForUpdates();
      const offered = result?.updateInfo.version;
      if (!result || !offered || !semver.valid(offered) || !semver.gt(offered, currentVersion)) {
        this.set({ state: 'up_to_date', ...(offered ? { offered } : {}) });
        return;
      }
      this.set({ state: 'downloading', version: offered });
      // electron-updater checks the file's size and SHA-512 against latest.yml (and the signature on Windows and macOS).
      await updater.downloadUpdate();
      this.downloaded(offered);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.set({ state: 'failed', message, retryAt: clock.now() + DAY_MS });
    } finally {
      // Cleared here, not in a later callback, so a check asked for as soon as this one reports is a new one.
      this.running = undefined;
    }
  }

  private downloaded(version: string): void {
    const { installWhen, clock } = this.options;
    if (installWhen.kind === 'on_restart') {
      this.set({ state: 'downloaded', version, installsAt: 'restart' });
      return;
    }
    const wait = untilLocalTime(clock.now(), installWhen.hour, installWhen.minute);
    this.set({ state: 'downloaded', version, installsAt: clock.now() + wait });
    this.installTimer = clock.setTimeout(() => void this.installWhenQuiet(version), wait);
  }

  /** Installs at the chosen time, unless a call is being served (or may be): then it asks again a minute later. */
  private async installWhenQuiet(version: string): Promise<void> {
    const { clock, updater } = this.options;
    const calls = await this.options.callsInFlight().catch(() => undefined);
    this.silentTries = calls === undefined ? this.silentTries + 1 : 0;
    const wait = calls === undefined ? this.silentTries < SILENT_TRIES_BEFORE_INSTALL : calls > 0;
    if (wait) {
      this.installTimer = clock.setTimeout(() => void this.installWhenQuiet(version), BUSY_RETRY_MS);
      this.set({ state: 'install_postponed', version, retryAt: clock.now() + BUSY_RETRY_MS, reason: calls === undefined ? 'bridge_silent' : 'serving_call' });
      return;
    }
    this.set({ state: 'installing', version });
    // Silent on Windows (the admin chose the time), and the app starts again afterwards.
    updater.quitAndInstall(true, true);
  }
}
