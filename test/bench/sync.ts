// Full contact sync through HTTP against the raw floor (better-sqlite3 read + JSON) on the demo CRM, at two sizes.
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { makeTempDir } from '../support/temp-dir.js';
import { machineTicks, runCliOnce, settled, startBridgeProcess, stealSince, syncAll, table, ticksByRole, treeTicks } from './bridge-process.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' } }, strict: false });
const SIZES = [20_000, 200_000];
const PAGE_SIZE = 500;

/** The floor: the same rows, in the same order and pages, read with better-sqlite3 and serialized to JSON. */
function rawFloor(file: string, contacts: number): number {
  const db = new Database(file, { readonly: true });
  const statement = db.prepare(`select * from customers where updated_at >= ? and (updated_at > ? or id > ?) order by updated_at, id limit ${PAGE_SIZE}`);
  const started = process.hrtime.bigint();
  let cursor: [string, string, number] = ['', '', 0];
  let rows = 0;
  for (;;) {
    const page = statement.all(...cursor) as Array<{ id: number; updated_at: string }>;
    if (page.length === 0) break;
    JSON.stringify({ contacts: page });
    rows += page.length;
    const last = page.at(-1)!;
    cursor = [last.updated_at, last.updated_at, last.id];
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  if (rows !== contacts) throw new Error(`floor read ${rows} of ${contacts}`);
  return seconds;
}

async function bridgeSync(dataDir: string, contacts: number) {
  const { key } = await runCliOnce(['api-key', 'create', '--integration', 'demo', '--data-dir', dataDir]);
  const bridge = await startBridgeProcess(['--data-dir', dataDir]);
  await settled(bridge.child.pid!);
  const url = `${bridge.ready.bridgeUrl}/integrations/demo/contacts`;
  // A bridge's first sync after it starts runs on code V8 has not optimized yet; a bridge that runs for months serves
  // later ones (its page process also reads the phone index's refreshes), as the floor's loop is warm after its first
  // round. Both are timed; the second is the one compared with the goal.
  const first = await syncAll(url, key);
  const ticks = () => treeTicks(bridge.child.pid!);
  const before = { bridge: ticks(), roles: ticksByRole(bridge.child.pid!), client: process.cpuUsage() };
  const { rows, seconds } = await syncAll(url, key);
  const client = process.cpuUsage(before.client);
  const roles = [...ticksByRole(bridge.child.pid!)].map(([role, now]) => `${role} ${(((now - (before.roles.get(role) ?? 0)) * 10_000) / rows).toFixed(1)}`).join(', ');
  // CPU per row: the bridge (every thread, and its processes: SQLite's pages are read in one) and this process, the
  // HTTP client that parses each page.
  const cpu = { bridge: ((ticks() - before.bridge) * 10_000) / rows, client: (client.user + client.system) / rows };
  const peak = bridge.peakRssMb();
  const peaks = bridge.peaksMb().map(({ role, mb }) => `${role} ${mb.toFixed(0)}`).join(', ');
  await bridge.stop();
  if (rows !== contacts || first.rows !== contacts) throw new Error(`bridge sent ${first.rows} and ${rows} of ${contacts}`);
  return { seconds, firstSeconds: first.seconds, peak, peaks, cpu, roles };
}

/** This machine's speed drifts from minute to minute: each size is measured in several rounds, floor and bridge in turn. */
const ROUNDS = Math.max(1, Number(values.rounds ?? 5));
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

const machineAtStart = machineTicks();
const results: Array<Record<string, string | number>> = [];
const timings = new Map<number, number>();
for (const contacts of SIZES) {
  const temp = makeTempDir('deskbridge-bench-');
  try {
    // serve creates the demo profile on its first start, over the large demo database made before it. That start
    // builds the phone index; the rounds then measure syncs with its refreshes running, as in a bridge's steady state.
    const file = path.join(temp.path, 'demo-crm.sqlite');
    createDemoDatabase(file, { contacts });
    const first = await startBridgeProcess(['--data-dir', temp.path]);
    const built = await first.event((event) => event.event === 'phone_index' && (event.state === 'ready' || event.state === 'failed'));
    await first.stop();
    if (built.state !== 'ready') throw new Error(`the phone index was not built: ${built.message}`);
    console.log(`Phone index of ${contacts} contacts built in ${(built.elapsedMs / 1000).toFixed(1)} s.`);
    const rounds: Array<{ floor: number; bridge: Awaited<ReturnType<typeof bridgeSync>> }> = [];
    for (let round = 0; round < ROUNDS; round += 1) rounds.push({ floor: rawFloor(file, contacts), bridge: await bridgeSync(temp.path, contacts) });
    const ratios = rounds.map((round) => round.bridge.seconds / round.floor);
    const firstRatios = rounds.map((round) => round.bridge.firstSeconds / round.floor);
    const bridgeSeconds = median(rounds.map((round) => round.bridge.seconds));
    timings.set(contacts, bridgeSeconds);
    results.push({
      contacts,
      'bridge rows/s': Math.round(contacts / bridgeSeconds),
      'raw floor rows/s': Math.round(contacts / median(rounds.map((round) => round.floor))),
      'bridge/floor time': median(ratios).toFixed(2),
      'rounds\' range': `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      'first sync after start: bridge/floor (range)': `${median(firstRatios).toFixed(2)} (${Math.min(...firstRatios).toFixed(2)}–${Math.max(...firstRatios).toFixed(2)})`,
      'peak RSS MB': Math.max(...rounds.map((round) => round.bridge.peak)).toFixed(0),
      'each process\'s peak MB (highest round)': rounds.reduce((top, round) => (round.bridge.peak > top.bridge.peak ? round : top)).bridge.peaks,
      'bridge CPU µs/row': median(rounds.map((round) => round.bridge.cpu.bridge)).toFixed(1),
      'of which, by process (median round)': rounds.map((round) => round.bridge).sort((a, b) => a.cpu.bridge - b.cpu.bridge)[Math.floor(rounds.length / 2)]!.roles,
      'client CPU µs/row': median(rounds.map((round) => round.bridge.cpu.client)).toFixed(1),
    });
  } finally {
    temp.remove();
  }
}
table(results);
const [small, large] = SIZES as [number, number];
console.log(`\n${large / small}x the rows cost ${(timings.get(large)! / timings.get(small)!).toFixed(2)}x the time (goal: at most 11x).`);
console.log(`The host took ${stealSince(machineAtStart).toFixed(0)}% of this virtual machine's CPU time for others while it ran (steal, /proc/stat).`);
console.log(`Medians of ${ROUNDS} rounds (bridge/floor: the median of each round's ratio). Each round starts a bridge and times two full syncs:`);
console.log('the second is in the columns before "first sync after start", and its CPU per row is shown. Goals: bridge within 1.5x of the raw floor, peak RSS at most 150 MB.');
