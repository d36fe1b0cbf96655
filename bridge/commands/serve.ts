// `deskbridge serve`: runs the bridge headless until SIGINT/SIGTERM; the first stdout line is the ready event.
import { parseArgs } from 'node:util';
import { startBridge } from '../bridge.js';
import { createLogger } from '../logger.js';
import { integrationBaseUrl } from '../talkdesk-config.js';
import { COMMON_FLAGS, commonOptions, parsePort } from './options.js';
import { emit, note } from './output.js';

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_FLAGS,
      'public-port': { type: 'string' },
      'admin-port': { type: 'string' },
      host: { type: 'string' },
      'no-tunnel': { type: 'boolean' },
    },
  });
  const { dataDir, profilePath } = commonOptions(values);
  const logger = createLogger({ dataDir });
  const bridge = await startBridge({
    dataDir, profilePath, logger, host: values.host,
    publicPort: parsePort(values['public-port'], 'public-port'),
    adminPort: parsePort(values['admin-port'], 'admin-port'),
  });
  const integrations = bridge.context.profile().integrations.map((integration) => ({
    id: integration.id, url: integrationBaseUrl(bridge.bridgeUrl, integration.id),
  }));
  emit({ event: 'ready', publicUrl: null, bridgeUrl: bridge.bridgeUrl, adminUrl: bridge.adminUrl, dataDir, profile: profilePath, integrations });
  if (bridge.demoApiKey) {
    note(`Deskbridge created the demo integration on ${dataDir}.\nIts API key (shown once): ${bridge.demoApiKey}\n` +
      `Try: curl -s -X POST ${integrations[0]?.url}/contacts -H 'content-type: application/json' -d '{"auth":{"api_key":"${bridge.demoApiKey}"}}'`);
  }
  note(`Open the Deskbridge UI in a browser: ${bridge.adminUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping: letting requests in flight finish');
  await bridge.close();
  emit({ event: 'stopped' });
  logger.flush();
  return 0;
}
