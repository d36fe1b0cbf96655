// The thread contact pages are read on: the query, the driver's rows, the mapping and the JSON all happen here,
// so a sync never holds up the event loop that answers caller lookups.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createConnector, type ConnectionConfig, type Cursor, type PageRow, type Value } from '../../connectors/index.js';
import { compileContactMapping, type TalkdeskContact } from '../mapping/contact.js';
import type { ContactsMapping } from '../profile/schema.js';

export interface PageWorkerData { connection: ConnectionConfig; contacts: ContactsMapping }
export interface PageRequest { id: number; after?: Cursor; since?: Value }
export type PageReply =
  | { id: number; json: string; count: number; last?: Cursor }
  | { id: number; error: { message: string; code?: string } };

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

yieldToLookups();
const { connection, contacts } = workerData as PageWorkerData;
const connector = createConnector(connection);
const mapper = compileContactMapping(contacts);
const port = parentPort!;

/** Every page has the same columns: the mapping is bound to their positions once. */
let bound: { columns: string; contactOf: (row: PageRow) => TalkdeskContact } | undefined;
function contactsOf(columns: string[]): (row: PageRow) => TalkdeskContact {
  const key = columns.join('\u0000');
  if (bound?.columns !== key) bound = { columns: key, contactOf: mapper.pageContact(columns) };
  return bound.contactOf;
}

port.on('message', (request: PageRequest | 'close') => {
  if (request === 'close') {
    void connector.close().finally(() => port.close());
    return;
  }
  connector.pageContacts({
    source: contacts.source, key: contacts.key, checkpoint: contacts.checkpoint, columns: mapper.columns,
    after: request.after, since: request.since, limit: contacts.pageSize,
  }).then(({ columns, rows, last }) => {
    const contactOf = contactsOf(columns);
    const reply: PageReply = { id: request.id, json: JSON.stringify(rows.map(contactOf)), count: rows.length, last };
    port.postMessage(reply);
  }, (error: unknown) => {
    port.postMessage({ id: request.id, error: { message: (error as Error).message ?? String(error), code: (error as { code?: string }).code } });
  });
});
