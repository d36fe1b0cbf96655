// Ends this child process once its parent has gone, even while its main thread is stuck inside a statement.
import { Worker } from 'node:worker_threads';

/** How often the watch looks for its parent. */
const WATCH_INTERVAL_MS = 1000;

/**
 * A child hears that its parent has gone only between statements (the IPC channel closes); one stuck in a runaway
 * SQLite statement would run on, unowned. A small thread watches the parent's id and ends the whole process when
 * it changes (the parent died and the child was handed to another).
 */
export function endWhenOrphaned(): void {
  const source = `
    const { workerData } = require('node:worker_threads');
    setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, ${WATCH_INTERVAL_MS});
  `;
  const watch = new Worker(source, { eval: true, workerData: process.ppid });
  watch.unref();
}
