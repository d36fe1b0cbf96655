// Shapes of the profile and of the admin API's answers, as the UI uses them.
export type Dialect = 'sqlite' | 'mysql' | 'mssql' | 'postgres';
export type SecretRef = { secret: string } | { env: string };
export type Source = { table: string } | { sql: string };
export type FieldRefs = string | string[];

export interface Connection {
  dialect: Dialect; host?: string; port?: number; database?: string; user?: string;
  password?: SecretRef; filename?: string; options?: Record<string, unknown>;
  timeZone?: string; queryTimeoutMs?: number; pool?: { max: number };
  authentication?: 'sql' | 'ntlm'; domain?: string;
}

export type ContactFieldName = 'name' | 'company' | 'title' | 'emails' | 'phones' | 'photo_url' | 'address' | 'websites' | 'twitter' | 'url';

export interface Contacts {
  source: Source; key: string; checkpoint: string;
  fields: Partial<Record<ContactFieldName, FieldRefs>>;
  phoneRegion: string; pageSize?: number;
}

export interface Interaction {
  type: string; source: Source; contactKey: string;
  fields: { id: string; subject: string; date: string; description?: string; url?: string; status?: string; priority?: string };
  values?: { status?: Record<string, string>; priority?: Record<string, string> };
  limit?: number;
}

export interface ActionInput { key: string; name: string; type: string; mandatory: boolean }
export interface Action {
  name: string; display: string; description?: string; scoping: string[];
  inputs: ActionInput[];
  insert: { table: string; values: Record<string, string>; returning?: string };
}

/** Agents synced from a table of the office's staff (Talkdesk matches them to its users by e-mail). */
export interface Agents { source: Source; fields: { id: string; name: string; email?: string }; pageSize?: number }

export interface Integration {
  id: string; displayName: string; description?: string;
  connection: Connection; contacts: Contacts;
  interactions: Interaction[]; actions: Action[];
  agents?: Agents; auth: { type: 'api_key' | 'none' }; allowIps?: string[];
  [other: string]: unknown;
}

export interface NgrokTunnel { provider: 'ngrok'; authtoken?: SecretRef; domain?: string; pooling?: boolean }
export interface SshTunnel {
  provider: 'ssh'; host: string; port?: number; user: string; privateKey?: SecretRef; password?: SecretRef;
  hostKey: string; remoteHost?: string; remotePort?: number; publicUrl: string; proxy?: string; proxyPassword?: SecretRef;
}
export interface LocaltunnelTunnel { provider: 'localtunnel'; host?: string; subdomain?: string; acknowledgeUnencrypted?: boolean }
export type Tunnel = { provider: 'none' } | NgrokTunnel | SshTunnel | LocaltunnelTunnel | { provider: 'external'; url: string };

export interface Profile { version: 1; integrations: Integration[]; tunnel: Tunnel }

export interface TableInfo { name: string; schema?: string; kind: 'table' | 'view' }
export interface ColumnView { name: string; type?: string; primaryKey?: boolean; indexed?: boolean }
export interface TalkdeskContact { id: string; name: string; [field: string]: unknown }
export interface TalkdeskInteraction { id: string; subject: string; date: string; type: string; status?: string; priority?: string; description?: string }

export interface ApiKeyInfo { id: string; prefix: string; label?: string; createdAt: string; revokedAt?: string; lastUsedAt?: string }

export interface Alert { code: string; integration?: string; message: string }
export interface Metrics { windowMinutes: number; requests: number; requestsPerMinute: number; errorRate: number; p95LatencyMs: number | null; lastRequestAt: string | null; errorRateAlert: number }
export interface SyncRun { id: string; integration: string; kind: 'full' | 'incremental'; startedAt: string; finishedAt?: string; pages: number; rows: number; durationMs?: number }
export interface IntegrationStatus {
  id: string; displayName: string; dialect: Dialect;
  database: { state: string; message?: string; checkedAt: string };
  auth: string; activeKeys: number; revokedKeys: number; lastSync: SyncRun | null;
  /** Null where the integration keeps no phone index (bridge/phone-index/maintainer.ts, PhoneIndexStatus). */
  phoneIndex: PhoneIndexStatus | null;
}
export interface PhoneIndexStatus {
  state: 'building' | 'ready' | 'failed'; contactsRead: number;
  passStartedAt: string | null; lastFullPassAt: string | null; lastRefreshAt: string | null; error?: string;
}
export interface TunnelStatus { state: string; url: string | null; provider: string; [detail: string]: unknown }
export interface Status {
  database: { state: string }; tunnel: TunnelStatus; integrations: IntegrationStatus[]; metrics: Metrics; alerts: Alert[];
  /** Only the demo integration, and Talkdesk has not called yet. */
  firstRun: boolean;
}

export interface LogEntry {
  id: number; at: string; integration?: string; endpoint: string; method: string; path: string;
  status: number; durationMs: number; records?: number; sourceIp?: string; errorCode?: string; body?: unknown;
  /** An action's write: `unknown` when the database's reply was lost (it may have been written), `repeat` when an identical earlier call answered it. */
  writeOutcome?: 'unknown' | 'repeat';
  /** Set for a call the bridge made itself. */
  origin?: 'replay' | 'self_test';
  /** False when the log kept the body only in part (it cannot be replayed as sent). */
  bodyExact?: boolean;
}

/** How a call the bridge made itself is marked in the log. */
export const ORIGIN_TEXT: Record<NonNullable<LogEntry['origin']>, { label: string; explanation: string }> = {
  replay: { label: 'replay', explanation: 'Sent again from this dashboard (Replay this call), not by Talkdesk.' },
  self_test: { label: 'self-test', explanation: 'Made by the Go live self-test, not by Talkdesk.' },
};

/** What an action's write outcome means, in the words the dashboard shows. */
export const WRITE_OUTCOME_TEXT: Record<NonNullable<LogEntry['writeOutcome']>, { label: string; explanation: string }> = {
  unknown: { label: 'may have been written', explanation: 'The database did not confirm this insert: check the record before trying again.' },
  repeat: { label: 'not sent again', explanation: 'An identical call shortly before had an unknown or late outcome: its answer was given instead of inserting again.' },
};

export interface Environment { dataDir: string; demoDatabase: string | null; dialects: Dialect[] }
export interface PublicUrl { url: string | null; source: 'tunnel' | 'external' | 'local'; reachable: boolean; bridgeUrl: string | null }
export interface SelfTestStep { name: string; ok: boolean; status?: number; durationMs?: number; message: string }
