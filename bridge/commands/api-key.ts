// `deskbridge api-key create|list|revoke`: keys for an integration; a new key is printed once.
import { parseArgs } from 'node:util';
import { BridgeError } from '../errors.js';
import { loadProfile } from '../profile/store.js';
import { openState } from '../state/index.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

export async function apiKey(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { ...COMMON_FLAGS, integration: { type: 'string' }, label: { type: 'string' } },
  });
  const { dataDir, profilePath } = commonOptions(values);
  const state = await openState(dataDir);
  try {
    if (action === 'create') {
      const integration = values.integration;
      if (!integration) throw new BridgeError('invalid_argument', 'api-key create needs --integration ID.');
      const profile = await loadProfile(profilePath);
      if (profile && !profile.integrations.some((item) => item.id === integration)) {
        throw new BridgeError('unknown_integration', `The profile ${profilePath} has no integration "${integration}".`);
      }
      const { key, info } = await state.apiKeys.create(integration, values.label);
      emit({ integration, key, id: info.id });
    } else if (action === 'list') {
      for (const info of await state.apiKeys.list(values.integration)) emit({ ...info });
    } else if (action === 'revoke') {
      const id = positionals[0];
      if (!id) throw new BridgeError('invalid_argument', 'api-key revoke needs the key id (see "api-key list").');
      if (!await state.apiKeys.revoke(id)) throw new BridgeError('not_found', `No active API key has the id ${id}.`);
      emit({ id, revoked: true });
    } else {
      throw new BridgeError('invalid_argument', 'Use "api-key create --integration ID", "api-key list" or "api-key revoke ID".');
    }
    return 0;
  } finally {
    await state.close();
  }
}
