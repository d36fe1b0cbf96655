// What the HTTP apps and the CLI share at run time: the state stores, the profile and its integrations.
import type { BlockList } from 'node:net';
import type { Knex } from 'knex';
import type { ActionAnswer, ActionTiming } from './action-outcomes.js';
import type { IntegrationRuntime } from './integration.js';
import type { ActionRequest } from './mapping/action.js';
import type { Logger } from './logger.js';
import type { Profile } from './profile/schema.js';
import type { ApiKeyStore } from './state/api-keys.js';
import type { RequestLog } from './state/request-log.js';
import type { SecretStore } from './state/secrets.js';
import type { Settings } from './state/settings.js';
import type { SyncRunStore } from './state/sync-runs.js';
import type { SyncMeta } from './sync/contact-sync.js';
import type { TokenSigner } from './sync/token.js';
import type { TunnelStatus } from './tunnel/index.js';

/** What the admin API and the desktop shell may do with the tunnel. */
export interface TunnelControl {
  status(): TunnelStatus;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** What the public app needs: the bridge process has it, and so has each public process it starts (public-processes.ts). */
export interface PublicContext {
  readonly logger: Logger;
  readonly apiKeys: Pick<ApiKeyStore, 'verify'>;
  readonly requestLog: Pick<RequestLog, 'add'>;
  /** The running integration, or undefined when the profile has no such id. */
  runtime(id: string): IntegrationRuntime | undefined;
  /** One page of contacts for Talkdesk; its sync statistics are kept unless `record` is false (the bridge's own calls). */
  contactPage(integration: string, meta: SyncMeta, record: boolean): Promise<{ json: string; records: number }>;
  /** Peers whose X-Forwarded-For is believed, from the profile's tunnel (see tunnel/client-address.ts). */
  trustedForwarders(): BlockList;
  /** Counts a failed authentication from a source; when the source is now over the limit, the seconds it must wait. */
  authFailed(source: string): Promise<number | undefined>;
  /**
   * Runs an action call in the one process that remembers action outcomes (the bridge process), so an identical
   * call is not applied twice whichever process receives it (action-outcomes.ts).
   */
  runAction(integration: string, action: string, request: ActionRequest, timing: ActionTiming): Promise<ActionAnswer>;
}

export interface BridgeContext extends PublicContext {
  readonly dataDir: string;
  readonly profilePath: string;
  readonly db: Knex;
  readonly secrets: SecretStore;
  readonly apiKeys: ApiKeyStore;
  readonly requestLog: RequestLog;
  readonly syncRuns: SyncRunStore;
  readonly settings: Settings;
  readonly signer: TokenSigner;
  /** The profile in force (replaced as a whole when the admin saves a new one). */
  profile(): Profile;
  /** The tunnel in force, when the profile configures one and serve started it. */
  tunnel(): TunnelControl | undefined;
  /** Validates, saves and applies a new profile; throws invalid_profile naming each problem's path. */
  replaceProfile(input: unknown): Promise<Profile>;
}
