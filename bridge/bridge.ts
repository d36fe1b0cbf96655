// Starts and stops the bridge: state, profile, integrations, the public app and the admin app on loopback ports.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { BridgeContext, TunnelControl } from './context.js';
import { TunnelRunner, type BridgeEvent, type TunnelTuning } from './tunnel-runner.js';
import { createDemoDatabase } from './demo/demo-db.js';
import { DEMO_INTEGRATION_ID, demoIntegration } from './demo/demo-profile.js';
import { createAdminApp } from './http/admin-app.js';
import { createPublicApp } from './http/public-app.js';
import { IntegrationRuntime } from './integration.js';
import type { Logger } from './logger.js';
import { defaultProfilePath, demoDatabasePath } from './paths.js';
import { loadProfile, parseProfile, saveProfile } from './profile/store.js';
import type { Profile } from './profile/schema.js';
import { openState, type State } from './state/index.js';

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
}

export interface RunningBridge {
  context: BridgeContext;
  bridgeUrl: string;
  adminUrl: string;
  adminToken: string;
  /** The tunnel's public URL while it is online or degraded, else null. */
  publicUrl(): string | null;
  /** Set when this start created the demo integration: its first API key, shown once. */
  demoApiKey?: string;
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

async function buildRuntimes(profile: Profile, state: State): Promise<Map<string, IntegrationRuntime>> {
  const runtimes = new Map<string, IntegrationRuntime>();
  try {
    for (const [index, integration] of profile.integrations.entries()) {
      runtimes.set(integration.id, await IntegrationRuntime.create(integration, index, state.secrets, state.signer));
    }
  } catch (error) {
    await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
    throw error;
  }
  return runtimes;
}

function listen(app: import('express').Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A live bridge whose profile can be replaced while it serves (the admin API saves through here). */
export class Bridge implements BridgeContext {
  private runtimes = new Map<string, IntegrationRuntime>();
  private current: Profile;
  private tunnelRunner?: TunnelRunner;

  private constructor(readonly dataDir: string, readonly profilePath: string, private readonly state: State, readonly logger: Logger, profile: Profile) {
    this.current = profile;
  }

  get db() { return this.state.db; }
  get secrets() { return this.state.secrets; }
  get apiKeys() { return this.state.apiKeys; }
  get requestLog() { return this.state.requestLog; }
  get syncRuns() { return this.state.syncRuns; }
  get settings() { return this.state.settings; }
  get signer() { return this.state.signer; }

  static async open(options: { dataDir: string; profilePath: string; logger: Logger; env?: NodeJS.ProcessEnv }) {
    const state = await openState(options.dataDir, options.env);
    try {
      const { profile, demoApiKey } = await loadOrCreateProfile(options.dataDir, options.profilePath, state, options.logger);
      const bridge = new Bridge(options.dataDir, options.profilePath, state, options.logger, profile);
      bridge.runtimes = await buildRuntimes(profile, state);
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

  /** Validates, saves and applies a new profile; the old integrations keep serving until the new ones are built. */
  async replaceProfile(input: unknown): Promise<Profile> {
    const profile = parseProfile(input);
    const runtimes = await buildRuntimes(profile, this.state);
    await saveProfile(this.profilePath, profile);
    const old = this.runtimes;
    this.runtimes = runtimes;
    this.current = profile;
    await Promise.all([...old.values()].map((runtime) => runtime.close()));
    await this.tunnelRunner?.apply(profile.tunnel);
    return profile;
  }

  async stopTunnel(): Promise<void> {
    await this.tunnelRunner?.stop();
  }

  async close(): Promise<void> {
    await this.tunnelRunner?.stop();
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    await this.state.close();
  }
}

/** Starts both apps on loopback; `close` lets in-flight requests finish, then releases everything. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  const profilePath = options.profilePath ?? defaultProfilePath(options.dataDir);
  const { bridge, demoApiKey } = await Bridge.open({ dataDir: options.dataDir, profilePath, logger: options.logger, env: options.env });
  const adminToken = randomBytes(24).toString('base64url');
  let publicServer: Server | undefined;
  let adminServer: Server | undefined;
  try {
    publicServer = await listen(createPublicApp(bridge), host, options.publicPort ?? 0);
    adminServer = await listen(createAdminApp(bridge, { token: adminToken, bridgeUrl: urlOf(publicServer, host) }), host, options.adminPort ?? 0);
  } catch (error) {
    if (publicServer) await closeServer(publicServer);
    await bridge.close();
    throw error;
  }
  const servers = [publicServer, adminServer];
  if (options.tunnel !== false) {
    const { port } = publicServer.address() as AddressInfo;
    await bridge.attachTunnel(new TunnelRunner({
      publicPort: port, db: bridge.db, secrets: bridge.secrets, settings: bridge.settings, logger: options.logger, onEvent: options.onEvent, tuning: options.tunnelTuning,
    }));
  }
  return {
    context: bridge,
    bridgeUrl: urlOf(publicServer, host),
    adminUrl: `${urlOf(adminServer, host)}/?token=${adminToken}`,
    adminToken,
    demoApiKey,
    publicUrl() {
      const status = bridge.tunnel()?.status();
      return status && (status.state === 'online' || status.state === 'degraded') && status.url ? status.url : null;
    },
    async close() {
      // The tunnel closes first, so nothing new arrives while the requests in flight finish.
      await bridge.stopTunnel();
      await Promise.all(servers.map(closeServer));
      await bridge.close();
    },
  };
}
