// `deskbridge serve`: runs the bridge headless until SIGINT/SIGTERM; the first stdout line is the ready event.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startBridge } from '../bridge.js';
import { openLogger } from '../logger.js';
import { integrationBaseUrl } from '../talkdesk-config.js';
import { watchForUpdates } from '../update-check.js';
import { DESKBRIDGE_VERSION } from '../version.js';
import { COMMON_FLAGS, commonOptions, parsePort, parseProcessCount, parseTokenSha256 } from './options.js';
import { emit, note } from './output.js';

interface ParentPort { on(event: 'message', listener: (event: { data: unknown }) => void): void }

/** Electron's utilityProcess gives its child a `process.parentPort`; plain Node has none. */
function parentPort(): ParentPort | undefined {
  return (process as { parentPort?: ParentPort }).parentPort;
}

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_FLAGS,
      'public-port': { type: 'string' },
      'admin-port': { type: 'string' },
      host: { type: 'string' },
      'no-tunnel': { type: 'boolean' },
      'public-processes': { type: 'string' },
      'update-url': { type: 'string' },
      'admin-token-sha256': { type: 'string' },
    },
  });
  const { dataDir, profilePath } = commonOptions(values);
  const adminTokenSha256 = parseTokenSha256(values['admin-token-sha256']);
  const logger = await openLogger({ dataDir });
  // The ready event is the first line other programs read: what happens while starting (the phone index's first
  // progress) is printed after it.
  let early: Array<Record<string, unknown>> | undefined = [];
  const onEvent = (event: Record<string, unknown>) => (early ? early.push(event) : emit(event));
  const bridge = await startBridge({
    dataDir, profilePath, logger, host: values.host, tunnel: !values['no-tunnel'], onEvent,
    publicPort: parsePort(values['public-port'], 'public-port'),
    adminPort: parsePort(values['admin-port'], 'admin-port'),
    publicProcesses: parseProcessCount(values['public-processes'], availableParallelism()),
    adminTokenSha256,
  });
  const integrations = bridge.context.profile().integrations.map((integration) => ({
    id: integration.id, url: integrationBaseUrl(bridge.bridgeUrl, integration.id),
  }));
  emit({ event: 'ready', publicUrl: bridge.publicUrl(), bridgeUrl: bridge.bridgeUrl, adminUrl: bridge.adminUrl, dataDir, profile: profilePath, integrations });
  for (const alert of bridge.startAlerts) emit(alert);
  for (const event of early) emit(event);
  early = undefined;
  if (bridge.demoApiKey) {
    note(`Deskbridge created the demo integration on ${dataDir}.\nIts API key (shown once): ${bridge.demoApiKey}\n` +
      `Try: curl -s -X POST ${integrations[0]?.url}/contacts -H 'content-type: application/json' -d '{"auth":{"api_key":"${bridge.demoApiKey}"}}'`);
  }
  note(`Open the Deskbridge UI in a browser: ${bridge.adminUrl}`);
  // A headless install is updated by its admin: it only says when the update server has a newer version.
  const updateUrl = values['update-url'] ?? process.env.DESKBRIDGE_UPDATE_URL;
  const stopWatching = updateUrl ? watchForUpdates(updateUrl, DESKBRIDGE_VERSION, (notice) => {
    emit({ ...notice });
    logger.warn(notice, `Deskbridge ${notice.version} is available (this is ${notice.current})`);
  }, (error) => logger.warn({ err: error, updateUrl }, 'could not ask the update server for a newer version')) : undefined;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Under Electron's utilityProcess (where a kill on Windows is immediate) the desktop shell asks by message.
    parentPort()?.on('message', (event) => {
      if ((event.data as { type?: string } | undefined)?.type === 'stop') stop();
    });
  });
  stopWatching?.();
  logger.info('stopping: letting requests in flight finish');
  await bridge.close();
  emit({ event: 'stopped' });
  logger.flush();
  return 0;
}
