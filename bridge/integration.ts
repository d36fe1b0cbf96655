// One configured integration at run time: its connector, compiled mappings and the Talkdesk operations.
import { createConnector, type ConnectionConfig, type Connector } from '../connectors/index.js';
import { BridgeError } from './errors.js';
import { Admission } from './admission.js';
import { compileAction, type ActionRequest, type CompiledAction } from './mapping/action.js';
import { compileAgentMapping, type AgentMapper, type TalkdeskAgent } from './mapping/agent.js';
import { compileContactMapping, type ContactMapper } from './mapping/contact.js';
import { compileInteractionMapping, type InteractionMapper } from './mapping/interaction.js';
import { refuseOwnFilesInProfile } from './profile/own-files.js';
import type { Integration, Profile } from './profile/schema.js';
import type { SecretStore } from './state/secrets.js';
import { InteractionLookup } from './lookup.js';
import { PhoneIndexMaintainer, phoneIndexFingerprint, phoneIndexSettings, type PhoneIndexEvent, type PhoneIndexReader, type PhoneIndexStore } from './phone-index/index.js';
import { ContactSync } from './sync/contact-sync.js';
import { WorkerPageReader } from './sync/page-reader.js';
import type { TokenSigner } from './sync/token.js';

/** Compiles an integration's mappings (templates, action values), throwing invalid_profile with the path of the first problem. */
function compileMappings(config: Integration, index: number) {
  const path = `integrations[${index}]`;
  return {
    contacts: compileContactMapping(config.contacts, `${path}.contacts`),
    interactions: config.interactions.map((interaction, position) =>
      compileInteractionMapping(interaction, `${path}.interactions[${position}]`, config.connection.timeZone)),
    actions: new Map(config.actions.map((action, position) =>
      [action.name, compileAction(action, config.contacts.phoneRegion, `${path}.actions[${position}]`, config.connection.timeZone)])),
    agents: config.agents && compileAgentMapping(config.agents, `${path}.agents`),
  };
}

/** Checks that every integration's mappings compile, as saving would, without connecting to any database. */
export function checkMappings(profile: Profile): void {
  profile.integrations.forEach((integration, index) => compileMappings(integration, index));
}

export class IntegrationRuntime {
  readonly contacts: ContactMapper;
  readonly interactions: InteractionMapper[];
  readonly actions: Map<string, CompiledAction>;
  readonly sync: ContactSync;
  readonly lookup: InteractionLookup;
  readonly agents?: AgentMapper;
  /** Bounds the calls running against this integration's database to its pool size. */
  readonly admission: Admission;
  /**
   * Sync pages have their own: they are read on the sync thread's own connection, one at a time, so a page being
   * read must not hold one of the pool's places while lookups wait for it.
   */
  readonly syncAdmission: Admission;
  /** Keeps the phone index current (the bridge process only, where the integration keeps one). */
  phoneIndex?: PhoneIndexMaintainer;

  private readonly pages: WorkerPageReader;

  private constructor(readonly config: Integration, readonly connector: Connector, connection: ConnectionConfig, signer: TokenSigner, index: number, reader?: PhoneIndexReader) {
    const mappings = compileMappings(config, index);
    this.contacts = mappings.contacts;
    this.interactions = mappings.interactions;
    this.actions = mappings.actions;
    this.pages = new WorkerPageReader(connection, config.contacts);
    this.sync = new ContactSync(config.id, this.pages, config.contacts, signer, () => connector.databaseClock(), connection.timeZone);
    const fingerprint = phoneIndexFingerprint(config.contacts);
    const indexed = reader && phoneIndexSettings(config.contacts)
      ? (numbers: readonly string[], limit: number) => reader.find(config.id, fingerprint, numbers, limit) : undefined;
    this.lookup = new InteractionLookup(config, connector, this.contacts, this.interactions, indexed);
    this.agents = mappings.agents;
    this.admission = new Admission({ concurrency: connection.pool.max, queue: 200, maxWaitMs: 2000 });
    this.syncAdmission = new Admission({ concurrency: 2, queue: 20, maxWaitMs: 2000 });
  }

  /**
   * Compiles the mappings (throwing invalid_profile with a path) and builds the connector with its password resolved.
   * When several processes serve the integration (`processes`), each keeps its share of the pool.
   */
  static async create(config: Integration, index: number, secrets: SecretStore, signer: TokenSigner, options: RuntimeOptions): Promise<IntegrationRuntime> {
    const processes = options.processes ?? 1;
    const { connection } = config;
    const password = connection.password ? await secrets.resolve(connection.password) : undefined;
    const pool = { ...connection.pool, max: Math.max(1, Math.ceil(connection.pool.max / processes)) };
    const resolved: ConnectionConfig = { ...connection, password, pool };
    const connector = createConnector(resolved);
    try {
      const runtime = new IntegrationRuntime(config, connector, resolved, signer, index, options.phoneIndex?.reader);
      // Loading the reading thread (its modules, the driver, the database file) takes a few hundred milliseconds:
      // the process that serves syncs does it now rather than on Talkdesk's first page.
      if (options.readsContacts) runtime.pages.start();
      const settings = phoneIndexSettings(config.contacts);
      const store = options.phoneIndex?.store;
      if (options.readsContacts && settings && store) {
        // Read where the sync's pages are, never on a place lookups wait for.
        runtime.phoneIndex = new PhoneIndexMaintainer(config.id, phoneIndexFingerprint(config.contacts), config.contacts, settings, runtime.pages, store, options.phoneIndex?.report ?? (() => {}));
      }
      return runtime;
    } catch (error) {
      await connector.close();
      throw error;
    }
  }

  /** The action, or unknown_action. */
  action(name: string): CompiledAction {
    const action = this.actions.get(name);
    if (!action) throw new BridgeError('unknown_action', `The integration "${this.config.id}" has no action "${name}".`);
    return action;
  }

  /**
   * Runs an action's insert; returns the new row's key when the database gives one. `sending` is called just before
   * the statement leaves and may throw to keep it from leaving (see ActionOutcomes).
   */
  async executeAction(name: string, request: ActionRequest, sending?: () => void): Promise<{ externalId?: string }> {
    const action = this.action(name);
    const row = action.buildRow(request, new Date());
    const key = await this.connector.insertRow(action.config.insert.table, row, { returning: action.config.insert.returning, sending });
    return key === undefined ? {} : { externalId: String(key) };
  }

  /** One page of agents; `offset` counts agents already sent. */
  async agentsPage(offset: number): Promise<{ agents: TalkdeskAgent[]; nextOffset?: number }> {
    const mapping = this.config.agents;
    if (!mapping || !this.agents) throw new BridgeError('not_found', `The integration "${this.config.id}" does not sync agents.`);
    const rows = await this.connector.selectPage(mapping.source, this.agents.orderBy, offset, mapping.pageSize);
    const agents = rows.flatMap((row) => this.agents!.map(row) ?? []);
    return { agents, ...(rows.length === mapping.pageSize ? { nextOffset: offset + rows.length } : {}) };
  }

  /** Settles once the process or thread that reads this integration's sync pages is loaded (when this process starts one). */
  pagesLoaded(): Promise<void> {
    return this.pages.loaded();
  }

  async close(): Promise<void> {
    await this.phoneIndex?.close();
    await Promise.all([this.connector.close(), this.pages.close()]);
  }
}

export interface RuntimeOptions {
  /** The data directory, whose own files no integration may read. */
  dataDir: string;
  /** How many processes serve the integrations: each gets a share of the pools. */
  processes?: number;
  /** This process reads contact pages for syncs (the bridge process; public processes hand syncs to it). */
  readsContacts?: boolean;
  /** The phone index: every process answers lookups from it; the one that reads contacts also keeps it current. */
  phoneIndex?: { reader: PhoneIndexReader; store?: PhoneIndexStore; report?: (event: PhoneIndexEvent) => void };
}

/** The profile's integrations at run time. */
export async function buildRuntimes(profile: Profile, state: { secrets: SecretStore; signer: TokenSigner }, options: RuntimeOptions): Promise<Map<string, IntegrationRuntime>> {
  // Checked where every process opens the profile's databases: at start, on a new profile, in each public process.
  refuseOwnFilesInProfile(profile, options.dataDir);
  const runtimes = new Map<string, IntegrationRuntime>();
  try {
    for (const [index, integration] of profile.integrations.entries()) {
      runtimes.set(integration.id, await IntegrationRuntime.create(integration, index, state.secrets, state.signer, options));
    }
  } catch (error) {
    await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
    throw error;
  }
  return runtimes;
}
