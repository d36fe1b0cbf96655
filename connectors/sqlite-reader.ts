// Runs the SQLite reads whose cost the user's SQL or data decides in a process of their own, ended at the query timeout.
import { fork, type ChildProcess } from 'node:child_process';
import type { ConnectionConfig, Connector } from './connector.js';
import { ConnectorError, noAnswerWithin, noConnectionWithin } from './errors.js';
import { PendingCalls, type CallReply } from './pending-calls.js';
import { childEnvironment, processEntry } from './process-entry.js';

/** The Connector methods the reading process answers. */
export const READER_METHODS = [
  'testConnection', 'listTables', 'describeColumns', 'listIndexes', 'describeSource', 'sampleRows', 'pageContacts',
  'findContactKeys', 'selectRows', 'selectRowSets', 'findContactRows', 'selectPage', 'countNulls',
] as const satisfies ReadonlyArray<keyof Connector>;

export type ReaderMethod = typeof READER_METHODS[number];

export interface ToReader { id: number; method: ReaderMethod; args: unknown[] }
export type FromReader = { type: 'ready' } | ({ type: 'reply' } & CallReply<unknown>);

/** The environment variable the reading process finds its connection settings in, as JSON (SQLite has no password). */
export const READER_CONFIG = 'DESKBRIDGE_SQLITE_READER';

/** Lets the driver's own SQLITE_BUSY (after `busy_timeout`, the query timeout) arrive before the process is ended. */
const DEADLINE_GRACE_MS = 100;

function holdOpen(child: ChildProcess, hold: boolean): void {
  if (hold) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

interface Queued { method: ReaderMethod; args: unknown[]; resolve: (value: unknown) => void; reject: (error: Error) => void; wait?: NodeJS.Timeout }

/**
 * better-sqlite3 runs a statement to its end on the thread that started it: no timer, no thread termination and no
 * interrupt (this build has no progress handler) stops a runaway one, and a worker thread stuck in it cannot even be
 * ended (nor the process exit). A process can: calls go to it one at a time, each ended with the process at the
 * query timeout, and another process is started at once for the next call. It starts on first use and lives as
 * long as its connector, so a call never waits for one to load unless the one before it was stopped.
 */
export class SqliteReader {
  private child: ChildProcess | undefined;
  private ready = false;
  private busy = false;
  private closed = false;
  private readonly queue: Queued[] = [];
  private readonly calls = new PendingCalls<unknown>();

  constructor(private readonly config: ConnectionConfig) {}

  call<M extends ReaderMethod>(method: M, ...args: Parameters<Connector[M]>): ReturnType<Connector[M]> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new ConnectorError('db_unavailable', 'The connection is closed.'));
      const queued: Queued = { method, args, resolve: resolve as (value: unknown) => void, reject };
      this.queue.push(queued);
      if (this.ready) this.awaitTurn(queued);
      this.pump();
    }) as ReturnType<Connector[M]>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) {
      clearTimeout(queued.wait);
      queued.reject(new ConnectorError('db_unavailable', 'The connection is closed.'));
    }
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Waited for, it must keep this process alive until it has gone.
    holdOpen(child, true);
    this.end(child, new ConnectorError('db_unavailable', 'The connection is closed.'));
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) await exited;
  }

  /** Waiting behind another read is bounded like waiting for a pooled connection. */
  private awaitTurn(queued: Queued): void {
    queued.wait = setTimeout(() => {
      const index = this.queue.indexOf(queued);
      if (index < 0) return;
      this.queue.splice(index, 1);
      queued.reject(new ConnectorError('db_unavailable', noConnectionWithin(this.config.queryTimeoutMs)));
    }, this.config.queryTimeoutMs);
  }

  /** Sends the next call when the process is ready and free; starts the process when there is none. */
  private pump(): void {
    if (this.closed || this.queue.length === 0) return;
    const child = this.child ?? this.start();
    // Calls being answered keep this process alive (a command waiting for one); an idle reader does not.
    holdOpen(child, true);
    if (!this.ready || this.busy) return;
    const queued = this.queue.shift()!;
    clearTimeout(queued.wait);
    this.busy = true;
    const deadline = this.config.queryTimeoutMs + DEADLINE_GRACE_MS;
    const timedOut = () => {
      this.end(child, new ConnectorError('db_timeout', noAnswerWithin(this.config.queryTimeoutMs)));
      // The next call finds a process ready rather than waiting for one to load.
      if (!this.closed && !this.child) this.start();
    };
    this.calls.add((id) => child.send({ id, method: queued.method, args: queued.args } satisfies ToReader), { ms: deadline, onDeadline: timedOut })
      .then(queued.resolve, queued.reject)
      .finally(() => {
        this.busy = false;
        if (this.queue.length === 0 && this.child) holdOpen(this.child, false);
        this.pump();
      });
  }

  private start(): ChildProcess {
    const { path, execArgv } = processEntry(new URL('./sqlite-reader-process.js', import.meta.url));
    const env = { ...childEnvironment(), [READER_CONFIG]: JSON.stringify(this.config) };
    const child = fork(path, [], { env, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child = child;
    this.ready = false;
    holdOpen(child, false);
    child.on('message', (message: FromReader) => {
      if (message.type === 'reply') {
        this.calls.settle(message);
      } else if (child === this.child) {
        this.ready = true;
        for (const queued of this.queue) this.awaitTurn(queued);
        this.pump();
      }
    });
    child.on('error', (error) => this.gone(child, `The SQLite reading process could not start: ${error.message}`));
    child.on('exit', () => this.gone(child, 'The SQLite reading process stopped; try again.'));
    return child;
  }

  /** A process that ended by itself fails its call; one that never got ready fails every queued call (no restart loop). */
  private gone(child: ChildProcess, message: string): void {
    if (child !== this.child) return;
    const wasReady = this.ready;
    this.end(child, new ConnectorError('db_unavailable', message));
    if (!wasReady) {
      for (const queued of this.queue.splice(0)) {
        clearTimeout(queued.wait);
        queued.reject(new ConnectorError('db_unavailable', message));
      }
    }
  }

  /** Ends the process (a runaway statement with it) and fails its call; the next call starts another. */
  private end(child: ChildProcess, error: Error): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.ready = false;
    child.kill('SIGKILL');
    this.calls.failAll(error);
  }
}
