// `deskbridge propose --connection '{…}' [--id ID]`: reads a database and prints a proposed integration with the reasons for it.
import { parseArgs } from 'node:util';
import { createConnector, machineTimeZone, type Connector } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import { refuseOwnFiles } from '../profile/own-files.js';
import { connectionSchema } from '../profile/schema.js';
import { proposeIntegration, type Note, type Proposal } from '../propose/index.js';
import { openState } from '../state/index.js';
import { fromEnvironment } from '../state/secrets.js';
import { parseOrThrow } from '../validation.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

function parseConnection(text: string | undefined): unknown {
  if (!text) throw new BridgeError('invalid_argument', 'propose needs --connection with the connection as JSON, as in the profile: --connection \'{"dialect":"sqlite","filename":"/data/crm.sqlite"}\'.');
  try {
    return JSON.parse(text);
  } catch {
    throw new BridgeError('invalid_argument', '--connection is not valid JSON; write it as in the profile, e.g. \'{"dialect":"mysql","host":"127.0.0.1","database":"crm","user":"reader","password":{"env":"CRM_PASSWORD"}}\'.');
  }
}

/** The password a connection names, from the environment or the data directory's secrets. */
async function resolvePassword(connection: ReturnType<typeof connectionSchema.parse>, dataDir: string): Promise<string | undefined> {
  const ref = connection.password;
  if (!ref) return undefined;
  // Only a stored secret needs the state database opened.
  if ('env' in ref) return fromEnvironment(ref.env);
  const state = await openState(dataDir);
  try { return await state.secrets.resolve(ref); } finally { await state.close(); }
}

/** The zone the database's zone-less dates are proposed to be in: the server's where it names one, else this computer's. */
async function proposedTimeZone(connector: Connector): Promise<{ zone: string; from: 'server' | 'machine' } | undefined> {
  const server = await connector.serverTimeZone().catch(() => undefined);
  if (server) return { zone: server, from: 'server' };
  const machine = machineTimeZone();
  return machine ? { zone: machine, from: 'machine' } : undefined;
}

/** The proposal with the zone set, as the wizard sets it for a new integration, and a note saying whose it is. */
function withTimeZone(proposal: Proposal, { zone, from }: { zone: string; from: 'server' | 'machine' }): Proposal {
  const whose = from === 'server' ? 'the database server\'s zone' : 'this computer\'s zone (the database server does not name one)';
  const note: Note = {
    path: 'connection.timeZone', value: zone, flag: 'check',
    reason: `${zone} is ${whose}: dates stored without a zone are read as local time there. If the database keeps them in another zone, change connection.timeZone.`,
  };
  return { integration: { ...proposal.integration, connection: { ...proposal.integration.connection, timeZone: zone } }, notes: [...proposal.notes, note] };
}

export async function propose(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_FLAGS, connection: { type: 'string' }, id: { type: 'string' } } });
  const { dataDir } = commonOptions(values);
  const connection = parseOrThrow(connectionSchema, parseConnection(values.connection), 'invalid_argument', 'The --connection JSON is not a valid connection');
  refuseOwnFiles(connection, dataDir);
  if (values.id !== undefined && !/^[a-z0-9-]{1,40}$/.test(values.id)) throw new BridgeError('invalid_argument', '--id must be 1-40 characters a-z, 0-9 and "-".');
  const connector = createConnector({ ...connection, password: await resolvePassword(connection, dataDir) });
  try {
    await connector.testConnection();
    const proposal = await proposeIntegration(connector, {
      connection, id: values.id, onTable: (table) => emit({ event: 'table', ...table }),
    });
    const zone = connection.timeZone === undefined ? await proposedTimeZone(connector) : undefined;
    const { integration, notes } = zone ? withTimeZone(proposal, zone) : proposal;
    emit({ integration, notes });
    return 0;
  } finally {
    await connector.close();
  }
}
