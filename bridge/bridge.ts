// Starts and stops the bridge: state, profile, integrations, the public app and the admin app on loopback ports.
import type { BlockList } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ActionOutcomes, type ActionAnswer, type ActionTiming } from './action-outcomes.js';
import type { BridgeContext, TunnelControl } from './context.js';
import type { ActionRequest } from './mapping/action.js';
import { TunnelRunner, type BridgeEvent, type TunnelTuning } from './tunnel-runner.js';
import { createDemoDatabase } from './demo/demo-db.js';
import { DEMO_INTEGRATION_ID, demoIntegration } from './demo/demo-profile.js';
import { createAdminApp, endLiveStreams } from './http/admin-app.js';
import { closeServer, serve, urlOf } from './http/listen.js';
import type { PublicProcessStatus } from './cluster/public-processes.js';
import { startPublicSide, type PublicSide } from './public-side.js';
import { limitFailedAuth } from './http/guards.js';
import { BridgeError } from './errors.js';
import type { SyncMeta } from './sync/contact-sync.js';
import { buildRuntimes, type IntegrationRuntime } from './integration.js';
import type { Logger } from './logger.js';
import { defaultProfilePath, demoDatabasePath } from './paths.js';
import { loadProfile, parseProfile, saveProfile } from './profile/store.js';
import type { Profile } from './profile/schema.js';
import { describeDataDirCheck, secureDataDir } from './state/data-dir.js';
import { openState, type State } from './state/index.js';
import { trustedForwarders } from './tunnel/client-address.js';
import { syncRestartSetting, type SyncRestart } from './sync/restarts.js';
import { PhoneIndexes } from './phone-index/indexes.js';

export interface BridgeOptions {
  dataDir: string;
  profilePath?: string;
  publicPort?: number;
  adminPort?: number;
  /** Loopback address both apps listen on. */
  host?: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Start the tunnel the profile configures (default true; `serve --no-tunnel` turns it off). */
  tunnel?: boolean;
  /** Tunnel transitions and alerts as they happen. */
  onEvent?: (event: BridgeEvent) => void;
  tunnelTuning?: TunnelTuning;
  /** Processes serving the public port (default 1): more use more cores for Talkdesk's calls. */
  publicProcesses?: number;
  /** The SHA-256 (hex) of a lasting admin token also accepted (a service the desktop app attaches to). */
  adminTokenSha256?: string;
}

export interface RunningBridge {
  context: BridgeContext;
  bridgeUrl: string;
  adminUrl: string;
  adminToken: string;
  /** The tunnel's public URL while it is online or degraded, else null. */
  publicUrl(): string | null;
  /** What the start found and repaired (the data directory's permissions), for the CLI to print after ready. */
  startAlerts: BridgeEvent[];
  /** Set when this start created the demo integration: its first API key, shown once. */
  demoApiKey?: string;
  /** The processes serving the public port and the connections each has taken. */
  publicProcesses(): PublicProcessStatus[];
  /** Calls `listener` whenever a public process starts or stops serving; returns the function that stops it. */
  onPublicProcessesChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Loads the profile; on a first start without one, creates the demo database, profile and an API key. */
async function loadOrCreateProfile(dataDir: string, profilePath: string, state: State, logger: Logger): Promise<{ profile: Profile; demoApiKey?: string }> {
  const existing = await loadProfile(profilePath);
  if (existing) return { profile: existing };
  const database = demoDatabasePath(dataDir);
  if (!existsSync(database)) createDemoDatabase(database);
  const profile = await saveProfile(profilePath, { version: 1, integrations: [demoIntegration(database)], tunnel: { provider: 'none' } });
  const { key } = await state.apiKeys.create(DEMO_INTEGRATION_ID, 'demo');
  logger.info({ profilePath, database }, 'created the demo integration');
  return { profile, demoApiKey: key };
}

/** A live bridge whose profile can be replaced while it serves (the admin API saves through here). */
export class Bridge implements BridgeContext {
  private runtimes = new Map<string, IntegrationRuntime>();
  private current: Profile;
  private tunnelRunner?: TunnelRunner;
  /** Failed authentications per source, counted here for every process that serves the public port. */
  private readonly failures = limitFailedAuth({ maxFailures: 30, windowMs: 60_000 });
  private readonly profileListeners: Array<(profile: Profile) => Promise<void>> = [];
  private readonly actionOutcomes = new ActionOutcomes();
  private forwarders: BlockList;
  private readonly phoneIndex: PhoneIndexes;

  private constructor(
    readonly dataDir: string, readonly profilePath: string, private readonly state: State, readonly logger: Logger, profile: Profile,
    private readonly processes: number, onEvent?: (event: BridgeEvent) => void,
  ) {
    this.current = profile;
    this.forwarders = trustedForwarders(profile.tunnel);
    this.phoneIndex = new PhoneIndexes(dataDir, logger, onEvent);
  }

  private runtimeOptions() {
    return { dataDir: this.dataDir, processes: this.processes, readsContacts: true, phoneIndex: this.phoneIndex };
  }

  get db() { return this.state.db; }
  get secrets() { return this.state.secrets; }
  get apiKeys() { return this.state.apiKeys; }
  get requestLog() { return this.state.requestLog; }
  get syncRuns() { return this.state.syncRuns; }
  get settings() { return this.state.settings; }
  get signer() { return this.state.signer; }

  static async open(options: { dataDir: string; profilePath: string; logger: Logger; env?: NodeJS.ProcessEnv; processes?: number; onEvent?: (event: BridgeEvent) => void }) {
    const state = await openState(options.dataDir, options.env, (store, error, waiting, dropped) => {
      options.logger.warn({ err: error, waiting, dropped }, `The ${store} could not be written; ${dropped > 0 ? `${dropped} ${dropped === 1 ? 'entry was' : 'entries were'} dropped, ` : ''}${waiting} wait for the next try.`);
    });
    try {
      const { profile, demoApiKey } = await loadOrCreateProfile(options.dataDir, options.profilePath, state, options.logger);
      const bridge = new Bridge(options.dataDir, options.profilePath, state, options.logger, profile, options.processes ?? 1, options.onEvent);
      try {
        bridge.phoneIndex.dropUnused(profile);
        bridge.runtimes = await buildRuntimes(profile, state, bridge.runtimeOptions());
        for (const runtime of bridge.runtimes.values()) runtime.phoneIndex?.start();
      } catch (error) {
        bridge.phoneIndex.close();
        throw error;
      }
      return { bridge, demoApiKey };
    } catch (error) {
      await state.close();
      throw error;
    }
  }

  profile(): Profile {
    return this.current;
  }

  tunnel(): TunnelControl | undefined {
    return this.tunnelRunner?.active ? this.tunnelRunner : undefined;
  }

  /** Starts the profile's tunnel in front of the public port, and keeps it in step with later profile changes. */
  async attachTunnel(runner: TunnelRunner): Promise<void> {
    this.tunnelRunner = runner;
    await runner.apply(this.current.tunnel);
  }

  runtime(id: string): IntegrationRuntime | undefined {
    return this.runtimes.get(id);
  }

  async contactPage(integration: string, meta: SyncMeta, record: boolean): Promise<{ json: string; records: number }> {
    const runtime = this.runtimes.get(integration);
    if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${integration}".`);
    const page = await runtime.sync.page(meta);
    if (page.restarted) await this.syncRestarted(integration, page.restarted);
    if (page.contacts > 0) runtime.phoneIndex?.changed();
    if (record) this.syncRuns.recordPage({ ...page.run, startedAt: page.run.started, integration }, page.contacts, page.run.last);
    return { json: page.json, records: page.contacts };
  }

  /** Every action call of every process runs here, where identical calls are recognised (action-outcomes.ts). */
  async runAction(integration: string, action: string, request: ActionRequest, timing: ActionTiming): Promise<ActionAnswer> {
    const runtime = this.runtimes.get(integration);
    if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${integration}".`);
    runtime.action(action);
    return this.actionOutcomes.run({ integration, action, ...request }, timing, (sending) => runtime.executeAction(action, request, sending));
  }

  trustedForwarders(): BlockList {
    return this.forwarders;
  }

  /** A run Talkdesk meant as incremental became a full sync: said in the log and, for a day, on the dashboard. */
  private async syncRestarted(integration: string, reason: string): Promise<void> {
    this.logger.warn({ integration }, `${reason}: a full contact sync started instead.`);
    const alert: SyncRestart = { at: new Date().toISOString(), reason };
    await this.settings.set(syncRestartSetting(integration), JSON.stringify(alert)).catch((error: unknown) => {
      this.logger.warn({ err: error, integration }, 'The sync restart could not be recorded for the dashboard.');
    });
  }

  async authFailed(source: string): Promise<number | undefined> {
    this.failures.recordFailure(source);
    return this.failures.retryAfterSeconds(source);
  }

  /** Runs `listener` with each new profile once it is in force here, before `replaceProfile` returns. */
  onProfile(listener: (profile: Profile) => Promise<void>): void {
    this.profileListeners.push(listener);
  }

  /** Validates, saves and applies a new profile; the old integrations keep serving until the new ones are built. */
  async replaceProfile(input: unknown): Promise<Profile> {
    const profile = parseProfile(input);
    const runtimes = await buildRuntimes(profile, this.state, this.runtimeOptions());
    try {
      await saveProfile(this.profilePath, profile);
    } catch (error) {
      await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
      throw error;
    }
    const old = this.runtimes;
    this.runtimes = runtimes;
    this.current = profile;
    this.forwarders = trustedForwarders(profile.tunnel);
    await Promise.all(this.profileListeners.map((listener) => listener(profile)));
    await Promise.all([...old.values()].map((runtime) => runtime.close()));
    this.phoneIndex.dropUnused(profile);
    for (const runtime of runtimes.values()) runtime.phoneIndex?.start();
    await this.tunnelRunner?.apply(profile.tunnel);
    return profile;
  }

  async stopTunnel(): Promise<void> {
    await this.tunnelRunner?.stop();
  }

  async close(): Promise<void> {
    await this.tunnelRunner?.stop();
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    this.phoneIndex.close();
    await this.state.close();
  }
}

/** Repairs the data directory's permissions (saying so in the log; the alert is returned) and removes leftovers. */
async function secureDataDirAtStart(options: BridgeOptions, profilePath: string): Promise<BridgeEvent[]> {
  const check = await secureDataDir(options.dataDir, { profilePath });
  if (check.removedTemporaryFiles.length > 0) {
    options.logger.info({ files: check.removedTemporaryFiles }, 'removed temporary files left by interrupted profile saves');
  }
  const message = describeDataDirCheck(check);
  if (!message) return [];
  options.logger.warn({ repaired: check.repaired, unrepaired: check.unrepaired }, message);
  return [{ event: 'alert', code: 'data_dir_permissions', message, repaired: check.repaired, unrepaired: check.unrepaired }];
}

/** Starts both apps on loopback; `close` lets in-flight requests finish, then releases everything. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  const profilePath = options.profilePath ?? defaultProfilePath(options.dataDir);
  const startAlerts = await secureDataDirAtStart(options, profilePath);
  const { bridge, demoApiKey } = await Bridge.open({
    dataDir: options.dataDir, profilePath, logger: options.logger, env: options.env, processes: options.publicProcesses, onEvent: options.onEvent,
  });
  const adminToken = randomBytes(24).toString('base64url');
  let publicSide: PublicSide | undefined;
  let adminServer: Server | undefined;
  let adminApp: ReturnType<typeof createAdminApp> | undefined;
  try {
    publicSide = await startPublicSide(bridge, options, host);
    adminApp = createAdminApp(bridge, {
      token: adminToken, lastingTokenSha256: options.adminTokenSha256, bridgeUrl: publicSide.url, localCallUrl: publicSide.localCallUrl,
      publicCa: options.tunnelTuning?.probeCa,
    });
    adminServer = await serve(adminApp, host, options.adminPort ?? 0);
  } catch (error) {
    await publicSide?.close();
    await bridge.close();
    throw error;
  }
  const publicPort = publicSide;
  if (options.tunnel !== false) {
    await bridge.attachTunnel(new TunnelRunner({
      publicPort: publicPort.port, db: bridge.db, secrets: bridge.secrets, settings: bridge.settings, logger: options.logger, onEvent: options.onEvent, tuning: options.tunnelTuning,
    }));
  }
  const servers = [adminServer];
  return {
    context: bridge,
    bridgeUrl: publicPort.url,
    publicProcesses: () => publicPort.status(),
    onPublicProcessesChange: (listener) => publicPort.onChange(listener),
    adminUrl: `${urlOf(adminServer, host)}/?token=${adminToken}`,
    adminToken,
    demoApiKey,
    startAlerts,
    publicUrl() {
      const status = bridge.tunnel()?.status();
      return status && (status.state === 'online' || status.state === 'degraded') && status.url ? status.url : null;
    },
    async close() {
      // The tunnel closes first, so nothing new arrives while the requests in flight finish.
      await bridge.stopTunnel();
      if (adminApp) endLiveStreams(adminApp);
      await Promise.all([publicPort.close(), ...servers.map(closeServer)]);
      await bridge.close();
    },
  };
}
