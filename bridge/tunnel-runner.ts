// Runs the tunnel the profile asks for in front of the public port, and keeps it in step with profile changes.
import type { Knex } from 'knex';
import type { TunnelControl } from './context.js';
import type { Logger } from './logger.js';
import type { TunnelConfig } from './profile/schema.js';
import type { SecretStore } from './state/secrets.js';
import type { Settings } from './state/settings.js';
import { createTunnelEventLog, createTunnelSupervisor, type TunnelStatus, type TunnelSupervisor, type TunnelSupervisorOptions, type TunnelTransition } from './tunnel/index.js';
import type { AlertEvent, TunnelEvent } from './contract/events.js';

/** The setting that remembers the last public URL, for `talkdesk-config` and the alert when it changes. */
export const PUBLIC_URL_SETTING = 'public_url';

/** What the bridge reports as it happens (serve prints these as JSON lines; bridge/contract/events.ts has those the desktop shell reads). */
export type BridgeEvent = Record<string, unknown> & { event: string };

export interface TunnelRunnerOptions {
  publicPort: number;
  db: Knex;
  secrets: SecretStore;
  settings: Settings;
  logger: Logger;
  onEvent?: (event: BridgeEvent) => void;
  /** Supervisor settings for unusual networks and tests (where to send probes, backoff, timeouts). */
  tuning?: TunnelTuning;
}

/** `probeCa` also applies to the Go live self-test, which calls the public URL as the probe does. */
export type TunnelTuning = Partial<Pick<TunnelSupervisorOptions, 'probeConnectTo' | 'probeCa' | 'backoff' | 'controlTimeoutMs' | 'probeIntervalMs' | 'ngrokSdk'>>;

export class TunnelRunner implements TunnelControl {
  private supervisor?: TunnelSupervisor;
  private config?: TunnelConfig;
  private readonly events;

  constructor(private readonly options: TunnelRunnerOptions) {
    this.events = createTunnelEventLog(options.db);
  }

  /** True when the profile configures a tunnel (`none` does not). */
  get active(): boolean {
    return this.supervisor !== undefined;
  }

  /** Starts, replaces or stops the tunnel so that it matches `config`; an unchanged config leaves it running. */
  async apply(config: TunnelConfig): Promise<void> {
    if (this.config && JSON.stringify(this.config) === JSON.stringify(config)) return;
    await this.stop();
    this.config = config;
    if (config.provider === 'none') return;
    this.supervisor = createTunnelSupervisor({
      ...this.options.tuning,
      config,
      localPort: this.options.publicPort,
      resolveSecret: (ref) => this.options.secrets.resolve(ref),
      logger: this.options.logger,
      onStatus: (status, transition) => { if (transition) void this.record(status, transition); },
    });
    await this.supervisor.start();
  }

  status(): TunnelStatus {
    return this.supervisor!.status();
  }

  async pause(): Promise<void> {
    await this.supervisor?.pause();
  }

  async resume(): Promise<void> {
    await this.supervisor?.resume();
  }

  async stop(): Promise<void> {
    const supervisor = this.supervisor;
    this.supervisor = undefined;
    this.config = undefined;
    await supervisor?.stop();
  }

  private async record(status: TunnelStatus, transition: TunnelTransition): Promise<void> {
    const { onEvent, settings, logger } = this.options;
    onEvent?.({ event: 'tunnel', state: status.state, url: status.url ?? null, urlChanged: status.urlChanged ?? false, detail: transition.detail } satisfies TunnelEvent);
    try {
      await this.events.record(transition);
      if (status.state !== 'online' || !status.url) return;
      const previous = await settings.get(PUBLIC_URL_SETTING);
      if (previous && previous !== status.url) {
        onEvent?.({ event: 'alert', code: 'tunnel_url_changed', message: `The public URL changed from ${previous} to ${status.url}; update the Talkdesk configuration.` } satisfies AlertEvent);
      }
      await settings.set(PUBLIC_URL_SETTING, status.url);
    } catch (error) {
      logger.warn({ err: error }, 'tunnel transition not recorded');
    }
  }
}
