// Where a bundle's material comes from: the running bridge's context, or the data directory opened by the command.
import { createConnector } from '../../connectors/index.js';
import type { BridgeContext } from '../context.js';
import type { Profile } from '../profile/schema.js';
import type { State } from '../state/index.js';
import { resolveMasterKey } from '../state/master-key.js';
import type { DiagnosticsSources } from './bundle.js';

type SecretHolders = Pick<State, 'secrets' | 'settings'>;

/** Every secret value this installation holds, in the encodings it could be written in: none may reach a bundle. */
export async function gatherKnownSecrets(state: SecretHolders, profile: Profile | undefined, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const values: string[] = [];
  for (const { name } of await state.secrets.list()) {
    const value = await state.secrets.get(name).catch(() => undefined);
    if (value) values.push(value);
  }
  for (const integration of profile?.integrations ?? []) {
    const ref = integration.connection.password;
    if (ref && 'env' in ref && env[ref.env]) values.push(env[ref.env]!);
  }
  const keys = [await resolveMasterKey(dataDir, env).catch(() => undefined), await state.settings.installSecret('sync_token_key')];
  for (const key of keys) if (key) values.push(key.toString('hex'), key.toString('base64'), key.toString('base64url'));
  return values;
}

/** The running bridge's own material: its status and alerts, its connections and its public URL. */
export async function bridgeSources(context: BridgeContext, status: () => Promise<unknown>, options: { clockUrl?: string; crashDirectory?: string } = {}): Promise<DiagnosticsSources> {
  const profile = context.profile();
  return {
    dataDir: context.dataDir, profile, requestLog: context.requestLog, status,
    publicUrl: context.tunnel()?.status().url ?? undefined,
    testDatabase: async (id) => { await context.runtime(id)?.connector.testConnection(); },
    knownSecrets: await gatherKnownSecrets(context, profile, context.dataDir),
    ...options,
  };
}

/** The data directory's material, for the command: each database is tried on a connection of its own. */
export async function stateSources(state: State, profile: Profile | undefined, dataDir: string, options: { clockUrl?: string; crashDirectory?: string } = {}): Promise<DiagnosticsSources> {
  return {
    dataDir, profile, requestLog: state.requestLog,
    testDatabase: async (id) => {
      const connection = profile?.integrations.find((integration) => integration.id === id)?.connection;
      if (!connection) return;
      const password = connection.password ? await state.secrets.resolve(connection.password) : undefined;
      const connector = createConnector({ ...connection, password, pool: { ...connection.pool, max: 1 } });
      try {
        await connector.testConnection();
      } finally {
        await connector.close();
      }
    },
    knownSecrets: await gatherKnownSecrets(state, profile, dataDir),
    ...options,
  };
}
