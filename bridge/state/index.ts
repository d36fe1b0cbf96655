// Opens every state store over one state database; the CLI and the server share this.
import type { Knex } from 'knex';
import { TokenSigner } from '../sync/token.js';
import { ApiKeyStore } from './api-keys.js';
import { openStateDatabase } from './database.js';
import { resolveMasterKey } from './master-key.js';
import { RequestLog } from './request-log.js';
import { SecretStore } from './secrets.js';
import { Settings, SYNC_TOKEN_KEY_SETTING } from './settings.js';
import { SyncRunStore } from './sync-runs.js';

export interface State {
  db: Knex;
  secrets: SecretStore;
  apiKeys: ApiKeyStore;
  requestLog: RequestLog;
  syncRuns: SyncRunStore;
  settings: Settings;
  signer: TokenSigner;
  close(): Promise<void>;
}

/** Told when the request log or the sync statistics could not be written (they are kept and tried again). */
export type StateWriteFailure = (store: 'request log' | 'sync statistics', error: unknown, waiting: number, dropped: number) => void;

export async function openState(dataDir: string, env: NodeJS.ProcessEnv = process.env, writeFailed: StateWriteFailure = () => {}): Promise<State> {
  const db = await openStateDatabase(dataDir);
  try {
    const settings = new Settings(db);
    const requestLog = new RequestLog(db, { failed: (...failure) => writeFailed('request log', ...failure) });
    const syncRuns = new SyncRunStore(db, { failed: (...failure) => writeFailed('sync statistics', ...failure) });
    return {
      db,
      secrets: new SecretStore(db, await resolveMasterKey(dataDir, env)),
      apiKeys: new ApiKeyStore(db),
      requestLog,
      syncRuns,
      settings,
      signer: new TokenSigner(await settings.installSecret(SYNC_TOKEN_KEY_SETTING)),
      async close() {
        await Promise.all([requestLog.flush(), syncRuns.flush()]);
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
