// Reads mapped contact pages on a thread of their own (page-worker.ts), started on first use and again after a fault.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConnectorError, isConnectorErrorCode, noAnswerWithin, type ConnectionConfig, type Cursor, type Value } from '../../connectors/index.js';
import type { ContactsMapping } from '../profile/schema.js';
import type { PageReply, PageWorkerData } from './page-worker.js';

/** A page of contacts already in JSON, as Talkdesk receives them. */
export interface ContactPageJson { json: string; count: number; last?: Cursor }

export interface PageReader {
  read(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson>;
  close(): Promise<void>;
}

function rebuildError(error: { message: string; code?: string }): Error {
  if (isConnectorErrorCode(error.code)) return new ConnectorError(error.code, error.message);
  return new Error(error.message);
}

/**
 * The thread's young generation, in MB. V8's default (32 MB of semi-spaces here) holds nothing a page needs past
 * its own mapping: with 12 MB, a 200,000-contact sync peaked at 165 MB of RSS instead of 187, ten syncs in a row at
 * 235 instead of 253, at the same speed (bench: CPU per row 21.5–22.3 µs against 20.6–23.9). 6 MB was slower.
 */
const YOUNG_GENERATION_MB = 12;

/** The compiled worker as shipped; from sources, the TypeScript file with tsx's loader registered in the thread. */
function startWorker(workerData: PageWorkerData): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const compiled = new URL('./page-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData, resourceLimits });
  const source = new URL('./page-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

interface Waiting { resolve: (page: ContactPageJson) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }

export class WorkerPageReader implements PageReader {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  /**
   * A page is at most two statements (rows without a checkpoint, then the rest), each bounded by the query
   * timeout. A thread still busy past that is stuck in a statement its driver cannot interrupt (SQLite): it is
   * ended, and the next read starts another.
   */
  private readonly deadlineMs: number;

  constructor(private readonly connection: ConnectionConfig, private readonly contacts: ContactsMapping) {
    this.deadlineMs = 2 * connection.queryTimeoutMs + 500;
  }

  /** Starts the reading thread now, so that the first page asked for does not wait for it to load. */
  start(): void {
    this.running();
  }

  read(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<ContactPageJson>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(worker, new ConnectorError('db_timeout', noAnswerWithin(this.deadlineMs))), this.deadlineMs);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ id, after: position.after, since: position.since });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new ConnectorError('db_unavailable', 'The integration is being reloaded; try again.'));
    }
    this.waiting.clear();
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    const forced = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(forced);
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker({ connection: this.connection, contacts: this.contacts });
    worker.on('message', (reply: PageReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      clearTimeout(waiting.timer);
      if ('error' in reply) waiting.reject(rebuildError(reply.error));
      else waiting.resolve(reply);
    });
    worker.on('error', (error) => this.fail(worker, new ConnectorError('db_unavailable', `Reading contacts failed: ${error.message}`)));
    worker.on('exit', () => this.fail(worker, new ConnectorError('db_unavailable', 'Reading contacts stopped; try again.')));
    // An idle reader must not keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Ends a thread that failed or got stuck; everything waiting on it gets the error. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}
