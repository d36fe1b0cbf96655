// `npm run bench -- --lookup-cpu [--contacts N] [--calls N] [--clients N,N] [--processes N] [--data-dir DIR]`: the
// bridge's CPU per caller lookup on SQLite, by phone and by id, beside the floor's (lookup-floor.ts, one process). CPU
// time varies far less than rates on a shared machine, so this is the figure to compare before and after a change to
// the request path. With --data-dir, the demo CRM, profile, key and phone index made there are reused by the next run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { indexTable, stateDatabaseFile } from '../../bridge/phone-index/store.js';
import { saveProfile } from '../../bridge/profile/store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runCliOnce, settled, startBridgeProcess, table, treeTicks } from './bridge-process.js';
import type { FloorConfig } from './lookup-floor.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { 'lookup-cpu': { type: 'boolean' }, contacts: { type: 'string' }, calls: { type: 'string' }, clients: { type: 'string' }, processes: { type: 'string' }, 'data-dir': { type: 'string' } },
  strict: true,
});
const CONTACTS = Number(values.contacts ?? 50_000);
const CALLS = Number(values.calls ?? 5000);
const CLIENTS = (values.clients ?? '1,8').split(',').map(Number);
/** Runs per figure; the median is reported. */
const ROUNDS = 3;
/** `serve --public-processes`: 1 answers in the bridge process itself. */
const PROCESSES = values.processes ?? '1';

interface Setup { key: string; phones: string[]; fresh?: boolean }

/** The demo CRM, its profile and key in `dataDir`, made once; the phones of real contacts as Talkdesk sends them. */
async function prepare(dataDir: string): Promise<Setup> {
  const setupFile = path.join(dataDir, 'lookup-cpu.json');
  if (existsSync(setupFile)) return { ...JSON.parse(readFileSync(setupFile, 'utf8')) as Setup, fresh: false };
  const file = path.join(dataDir, 'demo-crm.sqlite');
  createDemoDatabase(file, { contacts: CONTACTS });
  const integration = { ...demoIntegration(file), id: 'bench', displayName: 'Lookup CPU benchmark' };
  await saveProfile(path.join(dataDir, 'profile.json'), { version: 1, integrations: [integration] });
  const { key } = await runCliOnce(['api-key', 'create', '--integration', 'bench', '--data-dir', dataDir]) as { key: string };
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('select phone from customers where phone is not null and id % ? = 0').all(Math.max(1, Math.floor(CONTACTS / 5000))) as Array<{ phone: string }>;
  db.close();
  const phones = rows.map((row) => normalizePhone(row.phone, 'US')).filter((phone): phone is string => !!phone);
  const setup = { key, phones };
  writeFileSync(setupFile, JSON.stringify(setup));
  return { ...setup, fresh: true };
}

/** CPU µs the bridge's processes spent per call over `CALLS` calls from `clients` clients. */
async function cpuPerCall(url: string, pid: number, clients: number, body: () => string): Promise<{ micros: number; errors: number }> {
  const before = treeTicks(pid);
  const result = await autocannon({
    url, connections: clients, amount: CALLS, method: 'POST', timeout: 10, headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }],
  });
  // Ticks are 1/100 s.
  return { micros: Math.round(((treeTicks(pid) - before) * 10_000) / result.requests.total), errors: result.errors + result.non2xx + result.timeouts };
}

/** The median of ROUNDS runs, every run, and the errors of all. */
async function medianOf(run: () => Promise<{ micros: number; errors: number }>): Promise<{ median: number; runs: string; errors: number }> {
  const results: Array<{ micros: number; errors: number }> = [];
  for (let round = 0; round < ROUNDS; round += 1) results.push(await run());
  const sorted = results.map((result) => result.micros).sort((a, b) => a - b);
  return { median: sorted[Math.floor(ROUNDS / 2)]!, runs: sorted.join(', '), errors: results.reduce((sum, result) => sum + result.errors, 0) };
}

/** The floor server (lookup-floor.ts) on the same CRM and phone index, as one process. */
async function startFloorProcess(dataDir: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const config: FloorConfig = {
    dialect: 'sqlite', filename: path.join(dataDir, 'demo-crm.sqlite'), pool: 1, processes: 1,
    stateFile: stateDatabaseFile(dataDir), indexTable: indexTable('bench'),
  };
  const script = fileURLToPath(new URL('./lookup-floor.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string];
  const { port } = JSON.parse(line) as { port: number };
  await settled(child.pid!);
  return {
    url: `http://127.0.0.1:${port}/integrations/bench/interactions`, pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'close');
    },
  };
}

const temp = values['data-dir'] ? undefined : makeTempDir('deskbridge-lookup-cpu-');
const dataDir = values['data-dir'] ?? temp!.path;
try {
  const { key, phones, fresh } = await prepare(dataDir);
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const auth = { api_key: key };
  const bodies = {
    phone: () => JSON.stringify({ auth, meta: { interaction_types: ['ticket', 'note'] }, data: { contact_phones: [pick(phones)] } }),
    id: () => JSON.stringify({ auth, meta: { interaction_types: ['ticket', 'note'] }, data: { contact_external_id: String(1 + Math.floor(Math.random() * CONTACTS)) } }),
  };
  const bridge = await startBridgeProcess(['--data-dir', dataDir, '--public-processes', PROCESSES, '--no-tunnel']);
  try {
    // An index built by an earlier run is ready at start; a new one is built first.
    if (fresh) await bridge.event((event) => event.event === 'phone_index' && event.integration === 'bench' && event.state === 'ready');
    else await settled(bridge.child.pid!);
    const url = `${bridge.ready.bridgeUrl as string}/integrations/bench/interactions`;
    const pid = bridge.child.pid!;
    await cpuPerCall(url, pid, 4, bodies.phone);
    const floor = await startFloorProcess(dataDir);
    const rows: Array<Record<string, string | number>> = [];
    try {
      for (const [kind, body] of Object.entries(bodies)) {
        for (const clients of CLIENTS) {
          const bridgeRuns = await medianOf(() => cpuPerCall(url, pid, clients, body));
          const floorRuns = await medianOf(() => cpuPerCall(floor.url, floor.pid, clients, body));
          rows.push({
            lookup: kind, clients, 'bridge CPU µs per call': `${bridgeRuns.median} (${bridgeRuns.runs})`,
            'floor CPU µs per call': `${floorRuns.median} (${floorRuns.runs})`, errors: bridgeRuns.errors + floorRuns.errors,
          });
        }
      }
    } finally {
      await floor.stop();
    }
    console.log(`SQLite, ${CONTACTS} contacts, ${CALLS} calls per run, bridge with --public-processes ${PROCESSES} (its CPU from /proc: all its processes and threads).`);
    table(rows);
  } finally {
    await bridge.stop();
  }
} finally {
  temp?.remove();
}
