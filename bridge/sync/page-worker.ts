// The thread contact pages are read on: the query, the driver's rows, the mapping and the JSON all happen here,
// so a sync never holds up the event loop that answers caller lookups.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createConnector, type ConnectionConfig, type Cursor, type Value } from '../../connectors/index.js';
import { compileContactMapping } from '../mapping/contact.js';
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

port.on('message', (request: PageRequest | 'close') => {
  if (request === 'close') {
    void connector.close().finally(() => port.close());
    return;
  }
  connector.pageContacts({
    source: contacts.source, key: contacts.key, checkpoint: contacts.checkpoint, columns: mapper.columns,
    after: request.after, since: request.since, limit: contacts.pageSize,
  }).then(({ rows, last }) => {
    const reply: PageReply = { id: request.id, json: JSON.stringify(rows.map((row) => mapper.contact(row))), count: rows.length, last };
    port.postMessage(reply);
  }, (error: unknown) => {
    port.postMessage({ id: request.id, error: { message: (error as Error).message ?? String(error), code: (error as { code?: string }).code } });
  });
});
