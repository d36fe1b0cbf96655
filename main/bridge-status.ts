// Follows the bridge: folds its events and admin-API status polls into one snapshot and reports each new tray view.
import { createAdminClient, type AdminClient } from './admin-client.js';
import type { SupervisorEvent } from './bridge-supervisor.js';
import type { Cancel, Clock } from './clock.js';
import type { BridgeEventSource } from './service-link.js';
import { applyEvent, applyStatus, deriveTrayView, INITIAL_SNAPSHOT, type BridgeSnapshot, type RunMode, type TrayView } from './tray-state.js';

export const STATUS_POLL_MS = 10_000;

export interface StatusTrackerOptions {
  clock: Clock;
  /** Builds the admin client for a launch's admin URL (tests pass one over a fake fetch). */
  createClient?: (adminUrl: string) => AdminClient;
  onView: (view: TrayView) => void;
  onError?: (error: unknown) => void;
}

export class BridgeStatusTracker {
  private snapshot: BridgeSnapshot = INITIAL_SNAPSHOT;
  private client: AdminClient | undefined;
  private adminUrlValue: string | undefined;
  private cancelPoll: Cancel | undefined;
  private readonly createClient: (adminUrl: string) => AdminClient;

  constructor(source: BridgeEventSource, private readonly options: StatusTrackerOptions) {
    this.createClient = options.createClient ?? ((adminUrl) => createAdminClient(adminUrl));
    source.onEvent((event) => this.handle(event));
  }

  /** Which bridge the shell follows (its own, or the service) and whether a switch is under way. */
  setRunMode(runMode: RunMode, switching: boolean): void {
    this.update({ ...this.snapshot, runMode, switching });
  }

  /** The running bridge's admin URL (with its token), if it is ready. */
  get adminUrl(): string | undefined {
    return this.adminUrlValue;
  }

  /** The running bridge's admin client, if it is ready. */
  get admin(): AdminClient | undefined {
    return this.client;
  }

  get view(): TrayView {
    return deriveTrayView(this.snapshot);
  }

  /** Polls the status now (after a tray action, for example) instead of waiting for the next tick. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const status = await client.fetchStatus();
      // A restart may have replaced the client meanwhile; its answer no longer describes the bridge.
      if (client !== this.client) return;
      this.update(applyStatus(this.snapshot, status));
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private handle(event: SupervisorEvent): void {
    this.update(applyEvent(this.snapshot, event));
    if (event.event === 'ready') {
      this.adminUrlValue = event.adminUrl;
      this.client = this.createClient(event.adminUrl);
      this.schedulePoll();
      void this.refresh();
    } else if (event.event === 'phase' && event.phase !== 'running') {
      this.client = undefined;
      this.adminUrlValue = undefined;
      this.cancelPoll?.();
    } else if (event.event === 'tunnel' || event.event === 'alert') {
      void this.refresh();
    }
  }

  private schedulePoll(): void {
    this.cancelPoll?.();
    this.cancelPoll = this.options.clock.setTimeout(() => {
      void this.refresh().finally(() => {
        if (this.client) this.schedulePoll();
      });
    }, STATUS_POLL_MS);
  }

  private update(next: BridgeSnapshot): void {
    const before = deriveTrayView(this.snapshot);
    this.snapshot = next;
    const after = deriveTrayView(next);
    if (JSON.stringify(before) !== JSON.stringify(after)) this.options.onView(after);
  }
}
