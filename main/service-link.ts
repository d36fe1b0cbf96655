// Follows the installed service through its loopback admin API, and reports it as the supervisor reports its child.
import { AdminCallError, createAdminClient, type AdminClient } from './admin-client.js';
import type { BridgeSupervisor, SupervisorEvent } from './bridge-supervisor.js';
import type { Cancel, Clock } from './clock.js';
import { serviceAdminUrl, type ServiceAccess } from './service-access.js';

export const SERVICE_POLL_MS = 10_000;

/** Something that reports bridge events: the supervisor, the service link, or both merged. */
export type BridgeEventSource = Pick<BridgeSupervisor, 'onEvent'>;

/** One source listening to several (only one of them is active at a time). */
export function mergeEventSources(...sources: BridgeEventSource[]): BridgeEventSource {
  return {
    onEvent(listener) {
      const unsubscribes = sources.map((source) => source.onEvent(listener));
      return () => { for (const unsubscribe of unsubscribes) unsubscribe(); };
    },
  };
}

export interface ServiceLinkOptions {
  clock: Clock;
  /** Builds the admin client (tests pass one over a fake fetch). */
  createClient?: (adminUrl: string) => AdminClient;
  pollMs?: number;
}

/** Polls the service's status; "running" while it answers, "restarting" while it does not, with the reason. */
export class ServiceLink implements BridgeEventSource {
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private client: AdminClient | undefined;
  private adminUrl: string | undefined;
  private answering = false;
  private cancelPoll: Cancel | undefined;
  private readonly createClient: (adminUrl: string) => AdminClient;

  constructor(private readonly options: ServiceLinkOptions) {
    this.createClient = options.createClient ?? ((adminUrl) => createAdminClient(adminUrl));
  }

  onEvent(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get attached(): boolean {
    return this.client !== undefined;
  }

  /** Starts following the service; resolves after the first answer (or its absence) is reported. */
  attach(access: ServiceAccess): Promise<void> {
    this.detach(false);
    this.adminUrl = serviceAdminUrl(access);
    this.client = this.createClient(this.adminUrl);
    this.answering = false;
    this.emit({ event: 'phase', phase: 'starting' });
    return this.probe(this.client);
  }

  /** Stops following it (the app runs its own bridge again, or quits). */
  detach(report = true): void {
    this.cancelPoll?.();
    this.cancelPoll = undefined;
    const wasAttached = this.client !== undefined;
    this.client = undefined;
    this.adminUrl = undefined;
    if (report && wasAttached) this.emit({ event: 'phase', phase: 'stopped' });
  }

  private async probe(client: AdminClient): Promise<void> {
    let outcome: { ok: true; publicUrl: string | null } | { ok: false; reason: unknown };
    try {
      const status = await client.fetchStatus();
      outcome = { ok: true, publicUrl: status.tunnel.url ?? null };
    } catch (reason) {
      outcome = { ok: false, reason };
    }
    if (client !== this.client || !this.adminUrl) return;
    if (outcome.ok && !this.answering) {
      this.answering = true;
      this.emit({ event: 'phase', phase: 'running' });
      this.emit({ event: 'ready', publicUrl: outcome.publicUrl, bridgeUrl: client.origin, adminUrl: this.adminUrl });
    } else if (!outcome.ok) {
      if (this.answering) this.emit({ event: 'phase', phase: 'restarting', restartInMs: this.pollMs });
      this.answering = false;
      this.emit({ event: 'error', ...describeFailure(outcome.reason) });
    }
    this.cancelPoll = this.options.clock.setTimeout(() => void this.probe(client), this.pollMs);
  }

  private get pollMs(): number {
    return this.options.pollMs ?? SERVICE_POLL_MS;
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function describeFailure(reason: unknown): { code: string; message: string } {
  if (reason instanceof AdminCallError && reason.status === 401) {
    return { code: 'service_refused_token', message: 'the service does not accept this app\'s key; switch to "While I am logged in" and back to renew it' };
  }
  return { code: 'service_not_answering', message: 'the service is not answering; Deskbridge checks again every few seconds' };
}
