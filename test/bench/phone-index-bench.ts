// Phone index figures for the lookup benchmark: build time and size, idle RSS, refresh cost per changed row, and the
// floor server (lookup-floor.ts) the lookups are compared with.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { ConnectionConfig } from '../../connectors/index.js';
import { PhoneIndexMaintainer, PhoneIndexStore, phoneIndexFingerprint, phoneIndexSettings } from '../../bridge/phone-index/index.js';
import { indexTable, stateDatabaseFile } from '../../bridge/phone-index/store.js';
import { loadProfile } from '../../bridge/profile/store.js';
import { WorkerPageReader } from '../../bridge/sync/page-reader.js';
import type { BenchDatabase } from './bench-databases.js';
import { processTree, roleOf, settled, startBridgeProcess } from './bridge-process.js';
import type { FloorConfig } from './lookup-floor.js';

const rssOf = (pid: number): number => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

/** Bytes the index table and its key index take in the state database (SQLite's dbstat). */
function indexBytes(dataDir: string, integration: string): number {
  const db = new Database(stateDatabaseFile(dataDir), { readonly: true });
  try {
    const table = indexTable(integration);
    return (db.prepare('select coalesce(sum(pgsize), 0) as bytes from dbstat where name in (?, ?)').get(table, `${table}_key`) as { bytes: number }).bytes;
  } finally {
    db.close();
  }
}

/** Starts a bridge on a data directory whose indexes do not exist yet, and waits for each to be ready. */
export async function buildIndexes(dataDir: string, processes: number, integrations: string[]): Promise<string> {
  const bridge = await startBridgeProcess(['--data-dir', dataDir, '--public-processes', String(processes)]);
  const lines: string[] = [];
  try {
    for (const integration of integrations) {
      const ready = await bridge.event((event) => event.event === 'phone_index' && event.integration === integration && (event.state === 'ready' || event.state === 'failed'));
      if (ready.state === 'failed') throw new Error(`the phone index of ${integration} failed: ${ready.message}`);
      const bytes = indexBytes(dataDir, integration);
      lines.push(`Phone index of ${integration}: ${ready.contacts} contacts, ${ready.numbers} numbers, built in ${(ready.elapsedMs / 1000).toFixed(1)} s `
        + `(the three indexes built at once, beside each other); ${(bytes / 2 ** 20).toFixed(1)} MB on disk, ${Math.round(bytes / Math.max(1, ready.contacts))} bytes per contact.`);
    }
  } finally {
    await bridge.stop();
  }
  // Idle: a fresh start over built indexes, once its start-up work is over.
  const idle = await startBridgeProcess(['--data-dir', dataDir, '--public-processes', String(processes)]);
  try {
    await settled(idle.child.pid!, 10_000);
    const [main, ...children] = processTree(idle.child.pid!);
    lines.push(`Idle RSS after start (indexes built): bridge process ${rssOf(main!).toFixed(0)} MB (sync threads loaded), `
      + `${children.map((pid) => `${roleOf(pid, main!)} ${rssOf(pid).toFixed(0)} MB`).join(', ')}.`);
  } finally {
    await idle.stop();
  }
  return lines.join('\n');
}

export interface Floor { url?: string; stop(): Promise<void> }

/** The floor server for the database, with the bridge's process count and pool share; none for SQL Server. */
export async function startFloor(database: BenchDatabase, dataDir: string, processes: number): Promise<Floor> {
  const connection = database.connection;
  if (connection.dialect === 'mssql') return { stop: async () => {} };
  const config: FloorConfig = {
    dialect: connection.dialect, filename: connection.filename, host: connection.host, port: connection.port, user: connection.user,
    database: connection.database, schema: connection.options?.schema as string | undefined,
    pool: Math.ceil(connection.pool.max / processes), processes, stateFile: stateDatabaseFile(dataDir), indexTable: indexTable('bench'),
  };
  const script = fileURLToPath(new URL('./lookup-floor.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout! }), 'line');
  const { port } = JSON.parse(line as string) as { port: number };
  return {
    url: `http://127.0.0.1:${port}/integrations/bench/interactions`,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'close');
    },
  };
}

/** Refresh runs; each changes its own 1 row in 100, so no run finds another's rows new. */
const REFRESH_RUNS = 5;

/**
 * What a checkpoint read costs per changed row, on the bridge's own code (no bridge running). Each run times a refresh
 * with nothing changed, then one after 1 row in 100 changed (rows no other run touched); the difference over the rows
 * is that run's cost per changed row. A refresh re-reads what its lookback window holds either way, so only the
 * difference of two refreshes in the same state says what changed rows cost: the median of the runs is reported,
 * with the lowest and highest.
 */
export async function measureRefresh(database: BenchDatabase, dataDir: string, integration: string): Promise<string> {
  if (database.connection.dialect === 'mssql') return 'Refresh cost: not measured on the TDS test double.';
  const profile = await loadProfile(path.join(dataDir, 'profile.json'));
  const config = profile!.integrations.find((candidate) => candidate.id === integration)!;
  const store = new PhoneIndexStore(dataDir);
  const pages = new WorkerPageReader({ ...config.connection, password: undefined } as ConnectionConfig, config.contacts);
  const maintainer = new PhoneIndexMaintainer(integration, phoneIndexFingerprint(config.contacts), config.contacts, phoneIndexSettings(config.contacts)!, pages, store, () => {});
  try {
    maintainer.start();
    await maintainer.ready();
    const timed = async () => {
      const started = process.hrtime.bigint();
      await maintainer.runNow('refresh');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // The first refresh after the start reads the lookback window into a cold cache: not a run.
    await timed();
    const runs: Array<{ idle: number; busy: number; changed: number; perRow: number }> = [];
    for (let run = 1; run <= REFRESH_RUNS; run += 1) {
      const idle = await timed();
      const changed = await touchRows(database, run);
      const busy = await timed();
      runs.push({ idle, busy, changed, perRow: ((busy - idle) * 1000) / changed });
    }
    const sorted = [...runs].sort((a, b) => a.perRow - b.perRow);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const each = runs.map((run) => `${run.idle.toFixed(0)}/${run.busy.toFixed(0)}`).join(', ');
    return `Refresh cost per changed row: ${median.perRow.toFixed(1)} µs median of ${REFRESH_RUNS} runs (lowest ${sorted[0]!.perRow.toFixed(1)}, `
      + `highest ${sorted.at(-1)!.perRow.toFixed(1)}; read, phones normalized, written), each run a refresh with nothing changed minus one after `
      + `${median.changed} rows changed (ms, unchanged/changed: ${each}).`;
  } finally {
    await maintainer.close();
    await pages.close();
    store.close();
  }
}

/**
 * Changes 1 contact in 100 (those with id % 100 = run), as an office's edits would: each a checkpoint of its own past
 * every other, so a refresh re-reads only the newest (its boundary) the next time. How many it changed.
 */
async function touchRows(database: BenchDatabase, run: number): Promise<number> {
  const { connection } = database;
  if (connection.dialect === 'sqlite') {
    const db = new Database(connection.filename!);
    try {
      return db.prepare(`update customers set updated_at = strftime('%Y-%m-%d %H:%M:%f', (select max(updated_at) from customers),
        '+' || (1 + id / 100) || ' seconds') where id % 100 = ?`).run(run).changes;
    } finally {
      db.close();
    }
  }
  const admin = database.admin!;
  if (connection.dialect === 'mysql') {
    const [result] = await admin.raw(`update customers c join (select max(updated_at) as newest from customers) x
      set c.updated_at = x.newest + interval (1 + c.id div 100) second where c.id % 100 = ?`, [run]) as [{ affectedRows: number }];
    return result.affectedRows;
  }
  const result = await admin.raw(`update customers set updated_at = (select max(updated_at) from customers) + (1 + id / 100) * interval '1 second'
    where id % 100 = ?`, [run]) as { rowCount: number };
  return result.rowCount;
}
