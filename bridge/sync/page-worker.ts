// Where contact pages are read: the query, the driver's rows, the mapping and the JSON all happen here, so a sync
// never holds up the event loop that answers caller lookups. The phone index's pages are read here too, their
// numbers normalized as the sync's are. A thread of the bridge, or for SQLite a process of its own (see page-reader.ts).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createReadingConnector, endWhenOrphaned, toCallError, type CallReply, type ConnectionConfig, type Cursor, type Value } from '../../connectors/index.js';
import { compileContactMapping } from '../mapping/contact.js';
import { indexEntries, type IndexEntries, type NumbersPage } from '../phone-index/entries.js';
import type { ContactsMapping } from '../profile/schema.js';
import { PAGE_WORKER_DATA } from './page-places.js';
import type { ContactPageJson } from './page-reader.js';

export interface PageWorkerData { connection: ConnectionConfig; contacts: ContactsMapping }
/** A page of contacts for a sync, or with `numbers` a page of the phone index's entries. */
export interface PageRequest { id: number; after?: Cursor; since?: Value; numbers?: true }
export type PageReply = CallReply<ContactPageJson | NumbersPage>;


/**
 * Syncs are bulk work; caller lookups are on the path of a ringing phone. Where the system lets a thread have its
 * own priority (Linux: /proc/thread-self names it), this one yields the CPU to the event loop's thread.
 */
function yieldToLookups(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
  } catch {
    // Elsewhere the thread keeps the process's priority.
  }
}

/** The reader's end of the channel: the thread's port, or this process's own. */
interface Channel { on(listener: (message: PageRequest | 'close') => void): void; send(reply: PageReply | 'ready'): void; close(): void }

function openChannel(): { channel: Channel; data: PageWorkerData } {
  if (parentPort) {
    const port = parentPort;
    return { data: workerData as PageWorkerData, channel: { on: (listener) => port.on('message', listener), send: (reply) => port.postMessage(reply), close: () => port.close() } };
  }
  // The reader is gone (or ended this process): nothing else would end it.
  process.on('disconnect', () => process.exit(0));
  endWhenOrphaned();
  return {
    data: JSON.parse(process.env[PAGE_WORKER_DATA] ?? '{}') as PageWorkerData,
    channel: { on: (listener) => process.on('message', listener), send: (reply) => process.send?.(reply), close: () => process.exit(0) },
  };
}

yieldToLookups();
const { channel, data } = openChannel();
const { connection, contacts } = data;
const connector = createReadingConnector(connection);
const mapper = compileContactMapping(contacts);
// Opens the database now, not on Talkdesk's first page; a fault here is met again, and reported, by the first page.
connector.testConnection().catch(() => {});

/** Made on the first page of the index asked for: most page workers read none. */
let entries: IndexEntries | undefined;

async function answer(request: PageRequest): Promise<ContactPageJson | NumbersPage> {
  const { source, key, checkpoint, pageSize } = contacts;
  const read = (columns: string[]) => connector.pageContacts({ source, key, checkpoint, columns, after: request.after, since: request.since, limit: pageSize });
  if (request.numbers) {
    const reading = (entries ??= indexEntries(contacts));
    const page = await read(reading.columns);
    return { contacts: reading.of(page), last: page.last };
  }
  const { columns, rows, last } = await read(mapper.columns);
  return { json: JSON.stringify(rows.map(mapper.pageContact(columns))), count: rows.length, last };
}

channel.on((request) => {
  if (request === 'close') {
    void connector.close().finally(() => channel.close());
    return;
  }
  answer(request).then(
    (value) => channel.send({ id: request.id, value }),
    (error: unknown) => channel.send({ id: request.id, error: toCallError(error) }),
  );
});
// A process's messages that came before its listener would be lost: the reader sends requests only after this.
if (!parentPort) channel.send('ready');
