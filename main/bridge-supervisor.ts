// Runs the bridge as a utility process: waits for its ready line, restarts it with backoff when it dies, stops it gently.
import { createInterface } from 'node:readline';
import type { ForkOptions } from 'electron';
import { parseBridgeLine, type BridgeEvent } from './bridge-events.js';
import type { Cancel, Clock } from './clock.js';

/** The part of Electron's UtilityProcess the supervisor uses. */
export interface BridgeChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
  postMessage(message: unknown): void;
}

/** The part of Electron's `utilityProcess` module the supervisor uses. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): BridgeChild;
}

export type BridgePhase = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';

/** What the supervisor reports: the bridge's own events, plus its phase changes and exits. */
export type SupervisorEvent =
  | BridgeEvent
  | { event: 'phase'; phase: BridgePhase; restartInMs?: number }
  | { event: 'exit'; code: number; expected: boolean };

export interface SupervisorOptions {
  utilityProcess: UtilityProcessModule;
  /** Absolute path of dist/bridge/cli.js. */
  entry: string;
  dataDir: string;
  env: Record<string, string>;
  platform: NodeJS.Platform;
  clock: Clock;
  /** Ends a child that ignored the gentle stop (SIGKILL on POSIX). */
  forceKill: (child: BridgeChild) => void;
  /** Where the bridge's stderr (its log lines) goes; it must be drained or the bridge would block. */
  stderr: NodeJS.WritableStream;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number; stableMs: number };
}

const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** The message a Windows bridge gets instead of SIGTERM (Windows has no gentle signal for a utility process). */
export const STOP_MESSAGE = { type: 'stop' } as const;

export class BridgeSupervisor {
  private child: BridgeChild | undefined;
  private phase: BridgePhase = 'stopped';
  private failures = 0;
  private readyAt: number | undefined;
  private cancelTimer: Cancel | undefined;
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly stopWaiters: Array<() => void> = [];
  private readonly backoff: { initialMs: number; maxMs: number; stableMs: number };

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Subscribes to supervisor events; returns the unsubscribe function. */
  onEvent(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get currentPhase(): BridgePhase {
    return this.phase;
  }

  /** The running bridge's process id, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.phase !== 'stopped') return;
    this.spawn();
  }

  /** Asks the bridge to finish in-flight requests and close the tunnel; ends it by force after a grace period. */
  stop(): Promise<void> {
    this.clearTimer();
    const child = this.child;
    if (!child) {
      this.setPhase('stopped');
      return Promise.resolve();
    }
    const stopped = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    if (this.phase !== 'stopping') {
      this.setPhase('stopping');
      this.requestGracefulStop(child);
      this.cancelTimer = this.options.clock.setTimeout(() => this.options.forceKill(child), this.options.stopTimeoutMs ?? 15_000);
    }
    return stopped;
  }

  private spawn(): void {
    const { utilityProcess, entry, dataDir, env } = this.options;
    this.setPhase('starting');
    const args = ['serve', '--data-dir', dataDir, '--admin-port', '0', '--public-port', '0'];
    const child = utilityProcess.fork(entry, args, { env, stdio: 'pipe', serviceName: 'Deskbridge bridge' });
    this.child = child;
    this.readyAt = undefined;
    child.stderr?.pipe(this.options.stderr, { end: false });
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => this.handleLine(line));
    child.once('exit', (code) => this.handleExit(child, code));
    this.cancelTimer = this.options.clock.setTimeout(() => {
      this.emit({ event: 'error', code: 'bridge_ready_timeout', message: 'The bridge did not report ready in time; restarting it.' });
      this.options.forceKill(child);
    }, this.options.readyTimeoutMs ?? 60_000);
  }

  private handleLine(line: string): void {
    const event = parseBridgeLine(line);
    if (!event) return;
    if (event.event === 'ready' && this.phase === 'starting') {
      this.clearTimer();
      this.readyAt = this.options.clock.now();
      this.setPhase('running');
    }
    this.emit(event);
  }

  private handleExit(child: BridgeChild, code: number): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.clearTimer();
    const expected = this.phase === 'stopping';
    this.emit({ event: 'exit', code, expected });
    if (expected) {
      this.setPhase('stopped');
      for (const resolve of this.stopWaiters.splice(0)) resolve();
      return;
    }
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const { clock } = this.options;
    const ranStably = this.readyAt !== undefined && clock.now() - this.readyAt >= this.backoff.stableMs;
    if (ranStably) this.failures = 0;
    const delay = Math.min(this.backoff.initialMs * 2 ** this.failures, this.backoff.maxMs);
    this.failures += 1;
    this.setPhase('restarting', delay);
    this.cancelTimer = clock.setTimeout(() => this.spawn(), delay);
  }

  private requestGracefulStop(child: BridgeChild): void {
    // On POSIX kill() sends SIGTERM; on Windows it would terminate at once, so ask by message instead.
    if (this.options.platform === 'win32') child.postMessage(STOP_MESSAGE);
    else child.kill();
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private setPhase(phase: BridgePhase, restartInMs?: number): void {
    this.phase = phase;
    this.emit(restartInMs === undefined ? { event: 'phase', phase } : { event: 'phase', phase, restartInMs });
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
