// Starts a real bridge in-process on a fresh data directory, and plays Talkdesk against it over HTTP.
import { startBridge, type BridgeOptions, type RunningBridge } from '../../bridge/bridge.js';
import { silentLogger } from '../../bridge/logger.js';
import { saveProfile } from '../../bridge/profile/store.js';
import type { ProfileInput } from '../../bridge/profile/schema.js';
import { defaultProfilePath } from '../../bridge/paths.js';
import { until } from './signals.js';
import { makeTempDir } from './temp-dir.js';

export interface TestBridge {
  bridge: RunningBridge;
  dataDir: string;
  /** Base URL of an integration's endpoints. */
  url(integration?: string): string;
  /** An API key for the integration (the demo's first key, or one made for it). */
  key(integration?: string): Promise<string>;
  /** POSTs a JSON body (or raw text) to an integration endpoint. */
  post(path: string, body: unknown, options?: { integration?: string; headers?: Record<string, string>; raw?: boolean }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

const MASTER_KEY = 'a'.repeat(64);

/**
 * `profile` gets a folder for the test's own database files: not the data directory, whose files the bridge refuses
 * as a source (only its demo database may live there).
 */
export async function startTestBridge(options: { profile?: (fixtureDir: string) => ProfileInput; bridge?: Partial<BridgeOptions> } = {}): Promise<TestBridge> {
  const temp = makeTempDir();
  const fixtures = makeTempDir('deskbridge-fixtures-');
  const env = { ...process.env, DESKBRIDGE_MASTER_KEY: MASTER_KEY };
  if (options.profile) await saveProfile(defaultProfilePath(temp.path), options.profile(fixtures.path));
  const bridge = await startBridge({ dataDir: temp.path, logger: silentLogger(), env, ...options.bridge });
  // The bridge serves before its other public processes are ready (they may take long on a busy machine); tests count on them.
  const everyProcessServes = () => bridge.publicProcesses().every((process) => process.serving);
  await until(everyProcessServes, bridge.onPublicProcessesChange, 'every public process serving');
  // Likewise the processes that read sync pages: on a busy machine, loading one from sources can take longer than a
  // call's deadline, which a test's first sync page would then spend waiting.
  const integrations = bridge.context.profile().integrations;
  await Promise.all(integrations.map((integration) => bridge.context.runtime(integration.id)?.pagesLoaded()));
  const keys = new Map<string, string>();
  if (bridge.demoApiKey) keys.set('demo', bridge.demoApiKey);
  const firstId = bridge.context.profile().integrations[0]?.id ?? 'demo';
  const url = (integration = firstId) => `${bridge.bridgeUrl}/integrations/${integration}`;
  const key = async (integration = firstId) => {
    let value = keys.get(integration);
    if (!value) {
      value = (await bridge.context.apiKeys.create(integration)).key;
      keys.set(integration, value);
    }
    return value;
  };
  return {
    bridge, dataDir: temp.path, url, key,
    async post(path, body, postOptions = {}) {
      const response = await fetch(`${url(postOptions.integration)}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...postOptions.headers },
        body: postOptions.raw ? String(body) : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* left as text for the assertion to show */ }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      await bridge.close();
      temp.remove();
      fixtures.remove();
    },
  };
}

/** Plays a whole Talkdesk sync run: follows next_offset until the last page; returns every contact and the final checkpoint. */
export async function syncRun(bridge: TestBridge, checkpoint?: string, integration?: string) {
  const auth = { api_key: await bridge.key(integration) };
  const contacts: any[] = [];
  let offset: string | undefined;
  let pages = 0;
  let last: any;
  do {
    const meta: Record<string, unknown> = {};
    if (checkpoint) meta.synchronization_checkpoint = checkpoint;
    if (offset) meta.offset = offset;
    const response = await bridge.post('/contacts', { auth, meta }, { integration });
    if (response.status !== 200) throw new Error(`sync page ${pages} answered ${response.status}: ${JSON.stringify(response.body)}`);
    last = response.body;
    contacts.push(...last.contacts);
    offset = last.next_offset;
    pages += 1;
    if (pages > 10_000) throw new Error('sync did not end');
  } while (offset);
  return { contacts, checkpoint: last.synchronization_checkpoint as string, pages };
}
