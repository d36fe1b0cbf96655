// `npm run bench -- --distribution [--seconds N] [--rounds N]`: two ways of spreading the public port's connections over
// two processes, each answering a call that costs a little CPU: the bridge's hand-over (this process accepts, serves
// every other connection itself and hands the rest to a forked process, public-processes.ts) against node:cluster's
// round robin (the primary accepts and hands every connection to a worker; it serves none). Each runs with a new
// connection per call (the worst case for handing over) and with kept-alive connections (what tunnels do).
import { fork, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

/** This file, which the other processes run in their own role (`npm run bench` starts it from run.ts). */
const SELF = fileURLToPath(import.meta.url);

/** A call's own work: about what a lookup answered from the phone index costs the bridge (JSON in and out, a hash). */
function answer(server: Server): void {
  server.on('request', (request, response) => {
    let digest = Buffer.alloc(32);
    for (let round = 0; round < 200; round += 1) digest = createHash('sha256').update(digest).digest();
    request.resume();
    request.on('end', () => response.end(JSON.stringify({ contacts: [{ id: digest.toString('hex') }] })));
  });
}

/** A process's CPU time, as it reports it over IPC when asked. */
function reportCpu(): void {
  process.on('message', (message) => { if (message === 'cpu') process.send?.({ cpu: cpuUsage() }); });
}

async function childCpu(child: ChildProcess | import('node:cluster').Worker): Promise<number> {
  const reply = once(child as NodeJS.EventEmitter, 'message') as Promise<[{ cpu: NodeJS.CpuUsage }]>;
  child.send('cpu');
  const [{ cpu }] = await reply;
  return cpu.user + cpu.system;
}

function ownCpu(): number {
  const { user, system } = cpuUsage();
  return user + system;
}

interface Setup { port: number; cpu(): Promise<number>; close(): Promise<void> }

/** The bridge's way: accept here, paused; every other connection is served here, the rest handed to the child. */
async function handOver(): Promise<Setup> {
  const local = createHttpServer();
  answer(local);
  const child = fork(SELF, ['--role', 'hand-over-child'], { execArgv: process.execArgv, serialization: 'advanced' });
  await once(child, 'message');
  let turn = 0;
  const front = createServer({ pauseOnConnect: true }, (socket) => {
    if (turn++ % 2 === 0) {
      local.emit('connection', socket);
      socket.resume();
    } else {
      child.send('connection', socket, { keepOpen: false });
    }
  });
  front.listen(0, '127.0.0.1');
  await once(front, 'listening');
  return {
    port: (front.address() as { port: number }).port,
    cpu: async () => ownCpu() + await childCpu(child),
    close: async () => {
      front.close();
      local.closeAllConnections();
      child.kill();
      await once(child, 'exit');
    },
  };
}

/** node:cluster's way: the primary (this process) accepts and hands every connection, round robin, to a worker. */
async function roundRobin(): Promise<Setup> {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({ exec: SELF, args: ['--role', 'cluster-worker'], execArgv: process.execArgv });
  const workers = [cluster.fork(), cluster.fork()];
  const ports = await Promise.all(workers.map(async (worker) => (await once(worker, 'listening') as [{ port: number }])[0].port));
  return {
    port: ports[0]!,
    cpu: async () => ownCpu() + (await Promise.all(workers.map(childCpu))).reduce((sum, value) => sum + value, 0),
    close: async () => {
      await Promise.all(workers.map(async (worker) => {
        worker.kill();
        await once(worker, 'exit');
      }));
    },
  };
}

async function measure(setup: Setup, seconds: number, newConnections: boolean) {
  const before = await setup.cpu();
  const result = await autocannon({
    url: `http://127.0.0.1:${setup.port}/`, method: 'POST', body: '{"auth":{},"data":{"contact_phones":["+15550100"]}}',
    connections: 8, duration: seconds, headers: newConnections ? { connection: 'close' } : {},
  });
  const cpuUs = await setup.cpu() - before;
  return { calls: result.requests.total, perSecond: Math.round(result.requests.average), p99: result.latency.p99, cpuPerCall: Math.round(cpuUs / Math.max(1, result.requests.total)) };
}

const { values } = parseArgs({
  args: process.argv.slice(2), options: { role: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, distribution: { type: 'boolean' } }, strict: false,
});

if (values.role === 'hand-over-child') {
  reportCpu();
  const server = createHttpServer();
  answer(server);
  process.on('message', (message, socket) => {
    if (message !== 'connection' || !socket) return;
    server.emit('connection', socket as Socket);
    (socket as Socket).resume();
  });
  process.send?.('ready');
} else if (values.role === 'cluster-worker') {
  reportCpu();
  const server = createHttpServer();
  answer(server);
  server.listen(0, '127.0.0.1');
} else {
  const seconds = Number(values.seconds ?? 10);
  const rounds = Number(values.rounds ?? 3);
  const rows: Array<Record<string, string | number>> = [];
  // Alternated, so that other load on the machine falls on both alike.
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, start] of [['hand-over', handOver], ['cluster round robin', roundRobin]] as const) {
      for (const newConnections of [true, false]) {
        const setup = await start();
        const figures = await measure(setup, seconds, newConnections);
        await setup.close();
        rows.push({ round, design: name, connections: newConnections ? 'new per call' : 'kept alive', 'calls/s': figures.perSecond, 'p99 ms': figures.p99, 'CPU µs/call (all processes)': figures.cpuPerCall });
      }
    }
  }
  const { table } = await import('./bridge-process.js');
  table(rows);
}
