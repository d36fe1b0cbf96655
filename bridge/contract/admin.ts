// Answers of the admin API that the UI reads (besides the profile and the status); no Node imports.
import type { Dialect } from '../../connectors/connector.js';
import type { ConnectionSettings } from './profile-document.js';

export type { TableInfo } from '../../connectors/connector.js';

/** A column of a source; for a table, whether an index (or the primary key) starts with it. */
export interface ColumnView { name: string; type?: string; nullable?: boolean; primaryKey?: boolean; indexed?: boolean }

export type WriteOutcome = 'unknown' | 'repeat';
export type CallOrigin = 'replay' | 'self_test';

/** One Talkdesk call (or one the bridge made itself) as the request log keeps it. */
export interface RequestLogEntry {
  at: string;
  integration?: string;
  endpoint: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** How many records the answer held: contacts, interactions or agents. */
  records?: number;
  sourceIp?: string;
  errorCode?: string;
  /**
   * For an action: `unknown` when the database's reply was lost after the insert was sent (it may have been written),
   * `repeat` when an identical earlier call's outcome was given instead of inserting again.
   */
  writeOutcome?: WriteOutcome;
  /** Set for a call the bridge made itself: a replay of a logged call or a Go live self-test. */
  origin?: CallOrigin;
  /** Whether `body` holds the call's meta and data exactly (false when the summary cut or redacted something). */
  bodyExact?: boolean;
  /** A bounded summary of the request body, credentials removed (summarizeBody); never the parsed body itself. */
  body?: unknown;
}

/** A request log entry as the admin API lists it. */
export type LogEntry = RequestLogEntry & { id: number };

/** An integration's API key as lists show it: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  integration: string;
  prefix: string;
  label?: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** A contact as the bridge sends it to Talkdesk. */
export interface TalkdeskContact {
  id: string;
  name: string;
  company?: string;
  title?: string;
  emails?: string[];
  phones?: string[];
  photo_url?: string;
  address?: string;
  websites?: string[];
  twitter?: string;
  url?: string;
}

/** An agent as the bridge sends it to Talkdesk: never without an e-mail, since Talkdesk matches agents by it. */
export interface TalkdeskAgent { id: string; name: string; email: string }

/** POST /api/preview/agents: the first agents as Talkdesk receives them, and the rows left out for want of an id or e-mail. */
export interface AgentsPreview {
  agents: TalkdeskAgent[];
  /** The rows read, sent or not. */
  rows: number;
  /** Rows of those left out: no e-mail (or no id). */
  leftOut: number;
  /** What the user should know, in words: the rows left out and why. */
  warnings: string[];
}

/** An interaction as the bridge sends it to Talkdesk. */
export interface TalkdeskInteraction {
  id: string;
  subject: string;
  description?: string;
  date: string;
  url?: string;
  type: string;
  priority?: string;
  status?: string;
}

/** GET /api/environment: where the bridge keeps its data and which database drivers it has. */
export interface Environment { dataDir: string; profilePath: string; demoDatabase: string | null; dialects: Dialect[] }

/** Where Talkdesk reaches the bridge: the tunnel's URL, the office's own, or only this computer. */
export interface PublicBase { url: string | null; source: 'tunnel' | 'external' | 'local'; reachable: boolean }
/** GET /api/public-url. */
export type PublicUrl = PublicBase & { bridgeUrl: string | null };

/** One step of the Go live self-test. */
export interface SelfTestStep { name: string; ok: boolean; status?: number; durationMs?: number; message: string }

/** A distinct value found in a column, how often it was seen in the sample, and what it is proposed to become. */
export interface ValueChoice {
  value: string;
  count: number;
  /** The Talkdesk status or priority proposed, or undefined when the proposal could not tell. */
  proposed?: string;
  reason: string;
}

/** The proposal's explanation of one decision (bridge/propose/notes.ts collects them). */
export interface Note {
  /** Where the decision sits in the integration, as a path: `contacts.key`, `interactions[0].values.status`. */
  path: string;
  /** What was proposed (undefined when nothing could be). */
  value?: unknown;
  /** Why, in words an office admin follows. */
  reason: string;
  /** `check`: a guess worth a look; `missing`: the user has to decide. */
  flag?: 'check' | 'missing';
  /** For value maps: every distinct value found, with counts. */
  values?: ValueChoice[];
  /** For an interaction's contact column: a contact key that has rows there, so a preview shows something at once. */
  example?: string;
}

/** What the wizard shows after a connection test when the user may do more than read. */
export interface AccessWarning {
  message: string;
  advice: string;
  /** SQL an administrator runs to create a user that can only read (and insert where actions write); absent for SQLite. */
  sql?: string;
}

/**
 * POST /api/connection/test. The two zones feed the wizard's proposal for dates stored without one: the server's own
 * where it names an IANA zone (MySQL, PostgreSQL), else this computer's, where office databases usually keep local time.
 */
export type ConnectionTestAnswer =
  | {
    ok: true;
    /** The connection as tested, a typed password replaced by the secret it is now stored as. */
    connection: ConnectionSettings;
    tables: number;
    accessWarning?: AccessWarning;
    serverTimeZone?: string;
    /** The zone of the computer the bridge runs on. */
    machineTimeZone?: string;
  }
  | { ok: false; error: { code: string; message: string } };
