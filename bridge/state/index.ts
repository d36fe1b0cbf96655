// Opens every state store over one state database; the CLI and the server share this.
import type { Knex } from 'knex';
import { TokenSigner } from '../sync/token.js';
import { ApiKeyStore } from './api-keys.js';
import { openStateDatabase } from './database.js';
import { resolveMasterKey } from './master-key.js';
import { RequestLog } from './request-log.js';
import { SecretStore } from './secrets.js';
import { Settings } from './settings.js';
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

export async function openState(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<State> {
  const db = await openStateDatabase(dataDir);
  try {
    const settings = new Settings(db);
    const requestLog = new RequestLog(db);
    const syncRuns = new SyncRunStore(db);
    return {
      db,
      secrets: new SecretStore(db, await resolveMasterKey(dataDir, env)),
      apiKeys: new ApiKeyStore(db),
      requestLog,
      syncRuns,
      settings,
      signer: new TokenSigner(await settings.installSecret('sync_token_key')),
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
