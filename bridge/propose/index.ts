// The proposal: reads a database within bounds and proposes a complete integration, with a note saying why for each decision.
import path from 'node:path';
import type { Connector } from '../../connectors/index.js';
import { integrationSchema, type ConnectionSettings, type Integration } from '../profile/schema.js';
import { proposeAgents, proposeLogCall } from './agents-actions.js';
import { chooseCheckpoint, chooseContactsTable, chooseFilters, chooseKey } from './contacts.js';
import { chooseFields } from './contact-fields.js';
import { proposeInteractions } from './interactions.js';
import { Notes, type Note } from './notes.js';
import { chooseRegion } from './phone-region.js';
import { DEFAULT_LIMITS, readSchema, type ReadLimits, type TableProfile } from './schema-reader.js';

export type { Note, ValueChoice } from './notes.js';
export { DEFAULT_LIMITS, type ReadLimits } from './schema-reader.js';

export interface ProposeOptions {
  connection: ConnectionSettings;
  /** The integration's id; by default one made from the database's name. */
  id?: string;
  limits?: Partial<ReadLimits>;
  /** The machine's locale (`en-US`), the tie-break for the phone region. */
  locale?: string;
  /** Hears of each table as it is read (the CLI prints a line for each). */
  onTable?: (table: { name: string; columns: number; sampledRows: number }) => void;
}

export interface Proposal {
  integration: Integration;
  notes: Note[];
}

/** The database's name, for the id and the display name. */
function databaseName(connection: ConnectionSettings): string {
  if (connection.filename) return path.basename(connection.filename).replace(/\.[^.]*$/, '');
  return connection.database ?? connection.dialect;
}

function slugOf(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'crm';
}

/** Reads the database through the connector and proposes an integration that passes profile validation. */
export async function proposeIntegration(connector: Connector, options: ProposeOptions): Promise<Proposal> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const notes = new Notes();
  const report = (table: TableProfile) => options.onTable?.({ name: table.name, columns: table.columns.length, sampledRows: table.sampled });
  const { tables, skipped, unsampled, unreadable } = await readSchema(connector, limits, report);
  for (const table of unreadable) notes.add('contacts.source.table', undefined, `"${table.name}" could not be read, so it is left out of the proposal: ${table.reason}`, 'check');
  if (skipped > 0) notes.add('contacts.source.table', undefined, `The database has more than ${limits.maxTables} tables; only the first ${limits.maxTables} were read.`, 'check');
  if (unsampled > 0) notes.add('contacts.source.table', undefined, `Reading took longer than ${Math.round(limits.timeLimitMs / 1000)} s, so the values of ${unsampled} table${unsampled === 1 ? ' were' : 's were'} not sampled; proposals for them rest on names only.`, 'check');
  const contactsTable = chooseContactsTable(tables, notes);
  const key = chooseKey(contactsTable, notes);
  const checkpoint = chooseCheckpoint(contactsTable, key, notes);
  const where = chooseFilters(contactsTable, notes);
  const { fields, phoneValues } = chooseFields(contactsTable, key, notes);
  const region = chooseRegion(phoneValues, options.locale);
  notes.add('contacts.phoneRegion', region.region, `${region.reason} Numbers stored without a country code are read as ${region.region} numbers.`, region.total === 0 || region.reason.includes("check") ? "check" : undefined);
  const interactions = proposeInteractions(tables, contactsTable, notes);
  const agents = proposeAgents(tables, contactsTable, notes);
  const action = proposeLogCall(tables, contactsTable, notes);
  const name = databaseName(options.connection);
  const integration = integrationSchema.parse({
    id: options.id ?? slugOf(name),
    displayName: name,
    description: `Contacts from ${contactsTable.name}${interactions.length > 0 ? `, with their ${interactions.map((item) => ('table' in item.source ? item.source.table : item.type)).join(' and ')}` : ''}`,
    connection: options.connection,
    contacts: { source: { table: contactsTable.name, ...(where.length > 0 ? { where } : {}) }, key, checkpoint, fields, phoneRegion: region.region },
    interactions,
    actions: action ? [action] : [],
    ...(agents ? { agents } : {}),
    auth: { type: 'api_key' },
  });
  return { integration, notes: notes.list };
}
