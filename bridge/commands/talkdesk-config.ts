// `deskbridge talkdesk-config`: the configuration to paste into Talkdesk, one JSON line per integration.
import { parseArgs } from 'node:util';
import { BridgeError } from '../errors.js';
import { loadProfile } from '../profile/store.js';
import { publicUrlProblem } from '../public-url.js';
import { openState } from '../state/index.js';
import { talkdeskConfiguration } from '../talkdesk-config.js';
import { connectionsConfiguration } from '../talkdesk-connections.js';
import { PUBLIC_URL_SETTING } from '../tunnel-runner.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

export async function talkdeskConfig(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: {
    ...COMMON_FLAGS, integration: { type: 'string' }, 'base-url': { type: 'string' }, connections: { type: 'boolean' },
    'insecure-for-testing': { type: 'boolean' },
  } });
  const { dataDir, profilePath } = commonOptions(values);
  const profile = await loadProfile(profilePath);
  if (!profile) throw new BridgeError('not_configured', `There is no profile at ${profilePath}; run "deskbridge serve" once or pass --profile.`);
  let baseUrl = values['base-url'];
  if (!baseUrl) {
    const state = await openState(dataDir);
    try { baseUrl = await state.settings.get(PUBLIC_URL_SETTING); } finally { await state.close(); }
  }
  if (!baseUrl) throw new BridgeError('not_configured', 'No public URL is known yet; start the tunnel with "deskbridge serve" or pass --base-url https://….');
  const problem = publicUrlProblem(baseUrl, { insecureForTesting: values['insecure-for-testing'] });
  if (problem) {
    const which = values['base-url'] ? '--base-url' : `The tunnel's public URL ${baseUrl}`;
    throw new BridgeError('invalid_argument', `${which} ${problem}`);
  }
  const integrations = values.integration ? profile.integrations.filter((item) => item.id === values.integration) : profile.integrations;
  if (integrations.length === 0) throw new BridgeError('unknown_integration', `The profile has no integration "${values.integration}".`);
  for (const integration of integrations) {
    emit(values.connections ? { ...connectionsConfiguration(integration, baseUrl) } : { ...talkdeskConfiguration(integration, baseUrl) });
  }
  return 0;
}
