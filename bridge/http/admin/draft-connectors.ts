// Connectors for connections being edited in the wizard: password references resolved, reused briefly, then closed.
import { createConnector, type Connector } from '../../../connectors/index.js';
import type { BridgeContext } from '../../context.js';
import { refuseOwnFiles } from '../../profile/own-files.js';
import type { ConnectionSettings } from '../../profile/schema.js';

const IDLE_MS = 60_000;
const MAX_OPEN = 4;

interface Entry { connector: Connector; timer: NodeJS.Timeout }

/** Keeps a few connectors keyed by their settings so that typing in the mapping does not reconnect each time. */
export class DraftConnectors {
  private readonly open = new Map<string, Entry>();

  constructor(private readonly context: BridgeContext) {}

  /** Runs `work` with a connector for the settings; `password` overrides the reference (a connection test). */
  async use<T>(connection: ConnectionSettings, work: (connector: Connector) => Promise<T>, password?: string): Promise<T> {
    refuseOwnFiles(connection, this.context.dataDir);
    const resolved = password ?? (connection.password ? await this.context.secrets.resolve(connection.password) : undefined);
    if (password !== undefined) {
      // A typed password is tried once and never kept in the cache.
      const connector = createConnector({ ...connection, password: resolved });
      try { return await work(connector); } finally { await connector.close(); }
    }
    return work(this.connectorFor(connection, resolved));
  }

  private connectorFor(connection: ConnectionSettings, password: string | undefined): Connector {
    const key = JSON.stringify([connection, password ?? null]);
    const existing = this.open.get(key);
    if (existing) {
      existing.timer.refresh();
      return existing.connector;
    }
    const connector = createConnector({ ...connection, password });
    const timer = setTimeout(() => { void this.evict(key); }, IDLE_MS);
    timer.unref();
    this.open.set(key, { connector, timer });
    if (this.open.size > MAX_OPEN) void this.evict(this.open.keys().next().value!);
    return connector;
  }

  private async evict(key: string): Promise<void> {
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    clearTimeout(entry.timer);
    await entry.connector.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.evict(key)));
  }
}
