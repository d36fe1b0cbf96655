// Runs `deskbridge serve` as its own process for benchmarks, so its memory is measured apart from the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childPids } from '../support/processes.js';

const compiled = fileURLToPath(new URL('../../dist/bridge/cli.js', import.meta.url));
const sources = fileURLToPath(new URL('../../bridge/cli.ts', import.meta.url));

/** The command line of the CLI: the compiled build when present (as shipped), else the sources. */
export function cliCommand(args: string[]): string[] {
  return existsSync(compiled) ? [compiled, ...args] : ['--import', 'tsx', sources, ...args];
}

export async function runCliOnce(args: string[]): Promise<any> {
  const child = spawn(process.execPath, cliCommand(args), { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`deskbridge ${args.join(' ')} failed (${code})`);
  return JSON.parse(output.split('\n').filter(Boolean)[0]!);
}

/** A process's name and the CPU it has used, in ticks (1/100 s), from /proc; undefined once it has gone. */
export function procStat(pid: number | string): { comm: string; ticks: number } | undefined {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return undefined; }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** The machine's CPU time in ticks since boot, from /proc/stat: in all, busy, and stolen (given by the host to others). */
export function machineTicks(): { busy: number; total: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const steal = fields[7] ?? 0;
  return { busy: total - fields[3]! - fields[4]! - steal, total, steal };
}

/**
 * The share of the machine's CPU time its host took for others since `since` (a machineTicks() reading), in %.
 * On a shared virtual machine this moves every figure: a benchmark prints it beside them.
 */
export function stealSince(since: { total: number; steal: number }): number {
  const now = machineTicks();
  return now.total > since.total ? ((now.steal - since.steal) / (now.total - since.total)) * 100 : 0;
}

/** A process and its children (the bridge and the public processes it started). */
export function processTree(pid: number): number[] {
  return [pid, ...childPids(pid)];
}

/** CPU ticks used so far by a process and its children. */
export function treeTicks(pid: number): number {
  return processTree(pid).reduce((sum, member) => sum + (procStat(member)?.ticks ?? 0), 0);
}

/** CPU ticks used so far by each role of the bridge's tree (roleOf): which process a figure's work is in. */
export function ticksByRole(pid: number): Map<string, number> {
  const byRole = new Map<string, number>();
  for (const member of processTree(pid)) {
    const role = roleOf(member, pid);
    byRole.set(role, (byRole.get(role) ?? 0) + (procStat(member)?.ticks ?? 0));
  }
  return byRole;
}

/**
 * Resolves once a process has stopped working after its start (no CPU used over 300 ms), within `limitMs`:
 * Talkdesk calls a bridge that has been running for a while, not one still loading its modules and threads.
 */
export async function settled(pid: number, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  // The whole tree: a process the bridge started (public processes, SQLite's page process) may still be loading.
  let last = treeTicks(pid);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = treeTicks(pid);
    if (now === last) return;
    last = now;
  }
}

export interface BridgeProcess {
  child: ChildProcess;
  ready: any;
  /** Peak RSS of the bridge process plus that of each public process it started. */
  peakRssMb(): number;
  /** Each process's own peak, named by what it runs: `bridge`, `page process`, `SQLite reader`, `public process`. */
  peaksMb(): Array<{ role: string; mb: number }>;
  rssMb(): number;
  /** The first JSON line on its stdout (after the ready one) that matches, as it arrives or already printed. */
  event(match: (event: any) => boolean): Promise<any>;
  stop(): Promise<void>;
}

function statusValue(pid: number, field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** What a process of the bridge's tree runs, from its command line. */
export function roleOf(pid: number, root: number): string {
  if (pid === root) return 'bridge';
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (command.includes('page-worker')) return 'page process';
  if (command.includes('sqlite-reader-process')) return 'SQLite reader';
  if (command.includes('public-process')) return 'public process';
  return command.split('\0').slice(0, 3).join(' ');
}

/** Resident memory of a process and its children (the bridge and its public processes), in MB. */
export function treeRssMb(pid: number): number {
  return processTree(pid).reduce((sum, member) => {
    try {
      return sum + statusValue(member, 'VmRSS');
    } catch {
      return sum;
    }
  }, 0);
}

export async function startBridgeProcess(args: string[]): Promise<BridgeProcess> {
  // BENCH_CPU_PROFILE_DIR=DIR writes a V8 CPU profile of the bridge there, for finding where time goes.
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...cliCommand(['serve', ...args])], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, DESKBRIDGE_LOG_LEVEL: 'warn' } });
  const reader = createInterface({ input: child.stdout! });
  const events: any[] = [];
  const waiting: Array<{ match: (event: any) => boolean; resolve: (event: any) => void }> = [];
  // Every line is kept from the first: several may arrive in one chunk.
  const first = new Promise<string>((resolve) => reader.once('line', resolve));
  reader.on('line', (text: string) => {
    const event = JSON.parse(text);
    events.push(event);
    for (const waiter of waiting.splice(0)) {
      if (waiter.match(event)) waiter.resolve(event);
      else waiting.push(waiter);
    }
  });
  const line = await first;
  return {
    child,
    ready: JSON.parse(line),
    event: (match) => {
      const seen = events.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
    peakRssMb: () => processTree(child.pid!).reduce((sum, pid) => sum + statusValue(pid, 'VmHWM'), 0),
    peaksMb: () => processTree(child.pid!).map((pid) => ({ role: roleOf(pid, child.pid!), mb: statusValue(pid, 'VmHWM') })),
    rssMb: () => statusValue(child.pid!, 'VmRSS'),
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'close');
    },
  };
}

export function table(rows: Array<Record<string, string | number>>): void {
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => String(row[column]))));
}

/** Plays a whole Talkdesk full sync over HTTP, following next_offset; returns the rows received and the seconds it took. */
/** POSTs JSON on a kept-alive connection and parses the answer: node:http costs the load generator less than fetch. */
function postJson(agent: http.Agent, url: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error as Error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** Follows a full sync to its end as Talkdesk does, parsing every page; the contacts counted and the time taken. */
export async function syncAll(url: string, key: string): Promise<{ rows: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const started = process.hrtime.bigint();
  let offset: string | undefined;
  let rows = 0;
  try {
    do {
      const { status, body } = await postJson(agent, url, { auth: { api_key: key }, meta: offset ? { offset } : {} });
      if (status !== 200) throw new Error(`sync answered ${status}: ${JSON.stringify(body)}`);
      rows += (body as { contacts: unknown[] }).contacts.length;
      offset = (body as { next_offset?: string }).next_offset;
    } while (offset);
  } finally {
    agent.destroy();
  }
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
