// Where a sync's pages are read (page-worker.ts): a thread of the bridge, or for SQLite a process of its own.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { childEnvironment, processEntry, runsStatementsInProcess } from '../../connectors/index.js';
import type { PageReply, PageRequest, PageWorkerData } from './page-worker.js';

/** In a process, what a thread gets as `workerData` comes in this environment variable, as JSON. */
export const PAGE_WORKER_DATA = 'DESKBRIDGE_PAGE_WORKER';

/** A running page worker, whichever its kind. */
export interface PagePlace {
  /** Resolves once requests sent to it are heard; rejects when it ends before. */
  readonly ready: Promise<void>;
  send(message: PageRequest | 'close'): void;
  onReply(listener: (reply: PageReply) => void): void;
  /** Called once it fails or ends, with what to tell the calls waiting on it. */
  onEnd(listener: (reason: string) => void): void;
  /** Ends it at once, a statement in progress with it. */
  kill(): void;
}

/**
 * The young generation, in MB. V8's default holds nothing a page needs past its own mapping: this size lowered a
 * sync's peak RSS at the same speed, and half of it was slower (figures and command: docs/PERFORMANCE.md).
 */
const YOUNG_GENERATION_MB = 12;

/** The compiled worker as shipped; from sources, the TypeScript file with tsx's loader registered in the thread. */
function startThread(workerData: PageWorkerData): PagePlace {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const compiled = new URL('./page-worker.js', import.meta.url);
  let worker: Worker;
  if (existsSync(fileURLToPath(compiled))) {
    worker = new Worker(compiled, { workerData, resourceLimits });
  } else {
    const source = new URL('./page-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
    worker = new Worker(bootstrap, { eval: true, workerData, resourceLimits });
  }
  // An idle reader must not keep the process alive.
  worker.unref();
  return {
    // A thread's port keeps what is sent before its listener.
    ready: Promise.resolve(),
    send: (message) => worker.postMessage(message),
    onReply: (listener) => worker.on('message', listener),
    onEnd: (listener) => {
      worker.on('error', (error) => listener(`Reading contacts failed: ${error.message}`));
      worker.on('exit', () => listener('Reading contacts stopped; try again.'));
    },
    kill: () => void worker.terminate(),
  };
}

/**
 * SQLite runs a statement on the thread that started it, to its end: a thread stuck in a runaway one cannot be
 * ended (nor can the bridge exit). A process can, at the query timeout.
 */
function startProcess(workerData: PageWorkerData): PagePlace {
  const { path, execArgv } = processEntry(new URL('./page-worker.js', import.meta.url));
  const env = { ...childEnvironment(), [PAGE_WORKER_DATA]: JSON.stringify(workerData) };
  // V8's young generation is three semi-spaces.
  const child = fork(path, [], {
    env, execArgv: [...execArgv, `--max-semi-space-size=${YOUNG_GENERATION_MB / 3}`],
    serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ended = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`Reading contacts failed: ${error.message}`));
    child.once('exit', () => resolve('Reading contacts stopped; try again.'));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: PageReply | 'ready') => {
      if (message !== 'ready') return;
      // Loading keeps the bridge alive (a read waits for it); a loaded, idle reader does not.
      child.unref();
      child.channel?.unref();
      resolve();
    });
    void ended.then((reason) => reject(new Error(reason)));
  });
  ready.catch(() => {});
  return {
    ready,
    send: (message) => { if (child.connected) child.send(message); },
    onReply: (listener) => child.on('message', (message: PageReply | 'ready') => { if (message !== 'ready') listener(message); }),
    onEnd: (listener) => void ended.then(listener),
    kill: () => { child.kill('SIGKILL'); },
  };
}

/** A page worker for the connection: in a process where only ending one stops a statement (SQLite), else a thread. */
export function startPagePlace(workerData: PageWorkerData): PagePlace {
  return runsStatementsInProcess(workerData.connection.dialect) ? startProcess(workerData) : startThread(workerData);
}
