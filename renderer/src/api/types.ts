// Shapes of the profile and of the admin API's answers, as the UI uses them.
export type Dialect = 'sqlite' | 'mysql' | 'mssql' | 'postgres';
export type SecretRef = { secret: string } | { env: string };
export type Source = { table: string } | { sql: string };
export type FieldRefs = string | string[];

export interface Connection {
  dialect: Dialect; host?: string; port?: number; database?: string; user?: string;
  password?: SecretRef; filename?: string; options?: Record<string, unknown>;
  queryTimeoutMs?: number; pool?: { max: number };
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

export interface Integration {
  id: string; displayName: string; description?: string;
  connection: Connection; contacts: Contacts;
  interactions: Interaction[]; actions: Action[];
  agents?: unknown; auth: { type: 'api_key' | 'none' }; allowIps?: string[];
  [other: string]: unknown;
}

export type Tunnel = { provider: 'none' } | { provider: 'localtunnel'; host?: string; subdomain?: string }
  | { provider: 'external'; url: string } | ({ provider: 'ssh' } & Record<string, unknown>);

export interface Profile { version: 1; integrations: Integration[]; tunnel: Tunnel }

export interface TableInfo { name: string; schema?: string; kind: 'table' | 'view' }
export interface ColumnView { name: string; type?: string; primaryKey?: boolean; indexed?: boolean }
export interface TalkdeskContact { id: string; name: string; [field: string]: unknown }
export interface TalkdeskInteraction { id: string; subject: string; date: string; type: string; status?: string; priority?: string; description?: string }

export interface ApiKeyInfo { id: string; prefix: string; label?: string; createdAt: string; revokedAt?: string; lastUsedAt?: string }

export interface Alert { code: string; integration?: string; message: string }
export interface Metrics { windowMinutes: number; requests: number; requestsPerMinute: number; errorRate: number; p95LatencyMs: number | null; lastRequestAt: string | null }
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
export interface Status { database: { state: string }; tunnel: TunnelStatus; integrations: IntegrationStatus[]; metrics: Metrics; alerts: Alert[] }

export interface LogEntry {
  id: number; at: string; integration?: string; endpoint: string; method: string; path: string;
  status: number; durationMs: number; records?: number; sourceIp?: string; errorCode?: string; body?: unknown;
}

export interface Environment { dataDir: string; demoDatabase: string | null; dialects: Dialect[] }
export interface PublicUrl { url: string | null; source: 'tunnel' | 'external' | 'local'; reachable: boolean; bridgeUrl: string | null }
export interface SelfTestStep { name: string; ok: boolean; status?: number; durationMs?: number; message: string }
