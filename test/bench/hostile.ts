// `npm run bench -- --hostile [--seconds N] [--rate N] [--processes N]`: hostile bodies (deep, wide, large, compressed,
// malformed) at a bounded rate beside authenticated caller lookups; the bridge's memory before, during and after, and
// how many lookups were answered.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { makeTempDir } from '../support/temp-dir.js';
import { processTree, runCliOnce, startBridgeProcess, table, treeRssMb, treeTicks } from './bridge-process.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { hostile: { type: 'boolean' }, seconds: { type: 'string' }, rate: { type: 'string' }, processes: { type: 'string' } },
  strict: false,
});
const SECONDS = Number(values.seconds ?? 60);
/** Hostile bodies a second, and lookups a second beside them: bounded, so the shared machine stays usable. */
const HOSTILE_RATE = Number(values.rate ?? 20);
const NORMAL_RATE = 20;
/** At most this many hostile calls in flight: past it a tick is skipped and counted. */
const MAX_IN_FLIGHT = 16;
const BASELINE_SECONDS = 5;

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const wide = (keys: number) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, index) => [`k${index}`, [index]])));

interface Hostile { name: string; path: string; body: Buffer; headers?: Record<string, string>; keyed?: boolean }

function hostileBodies(): Hostile[] {
  const text = (value: string) => Buffer.from(value, 'utf8');
  return [
    { name: 'deep 20,000 levels, no key', path: 'auth', body: text(`{"meta": ${nested(20_000)}}`) },
    { name: 'deep 20,000 levels in meta.context, key', path: 'contacts', body: text(`{"meta": {"context": ${nested(20_000)}}}`), keyed: true },
    { name: 'deep 100,000 arrays, no key', path: 'interactions', body: text('['.repeat(100_000)) },
    { name: 'wide 60,000 keys in data, key', path: 'interactions', body: text(`{"data": ${wide(60_000)}}`), keyed: true },
    { name: 'wide 60,000 keys in meta, no key', path: 'actions/log_call', body: text(`{"meta": ${wide(60_000)}}`) },
    { name: 'large 1 MB string, key', path: 'auth', body: text(JSON.stringify({ meta: { note: 'x'.repeat(1_040_000) } })), keyed: true },
    { name: 'over 1 MB, no key', path: 'contacts', body: text(JSON.stringify({ meta: { note: 'x'.repeat(1_100_000) } })) },
    { name: 'gzip bomb (50 MB of spaces)', path: 'auth', body: gzipSync(Buffer.alloc(50_000_000, 0x20)), headers: { 'content-encoding': 'gzip' } },
    { name: 'gzip 1 MB of nesting', path: 'agents', body: gzipSync(text(`{"meta": ${nested(150_000)}}`)), headers: { 'content-encoding': 'gzip' } },
    { name: 'damaged gzip', path: 'auth', body: gzipSync(text('{"meta": {}}')).subarray(0, 15), headers: { 'content-encoding': 'gzip' } },
    { name: 'unknown encoding', path: 'auth', body: text('{}'), headers: { 'content-encoding': 'rot13' } },
    { name: 'malformed JSON', path: 'interactions', body: text(`{"data": {"contact_phones": ["+1555${'"'.repeat(5000)}`) },
    { name: 'invalid UTF-8 and NUL bytes', path: 'auth', body: Buffer.concat([text('{"meta": "'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), text('"}')]) },
    { name: '__proto__ keys, key', path: 'actions/log_call', body: text('{"meta": {"__proto__": {"admin": true}}, "data": {"constructor": {"prototype": 1}}}'), keyed: true },
  ];
}

/** POSTs on a connection of its own; the status, or 0 when no answer came within 10 s. */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const call = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      response.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    });
    call.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    call.setTimeout(10_000, () => call.destroy());
    call.end(body);
  });
}

/** Calls `tick` `rate` times a second for `seconds`; resolves when every call it started has ended. */
async function atRate(rate: number, seconds: number, tick: () => Promise<unknown> | undefined): Promise<void> {
  const running = new Set<Promise<unknown>>();
  const until = Date.now() + seconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= until) {
        clearInterval(timer);
        resolve();
        return;
      }
      const call = tick();
      if (call) {
        running.add(call);
        void call.finally(() => running.delete(call));
      }
    }, 1000 / rate);
  });
  await Promise.all(running);
}

const temp = makeTempDir('deskbridge-hostile-');
try {
  const first = await startBridgeProcess(['--data-dir', temp.path, '--no-tunnel']);
  await first.stop();
  const { key } = await runCliOnce(['api-key', 'create', '--integration', 'demo', '--data-dir', temp.path]);
  const processes = values.processes ? ['--public-processes', String(values.processes)] : [];
  const bridge = await startBridgeProcess(['--data-dir', temp.path, '--no-tunnel', ...processes]);
  const url = `${bridge.ready.bridgeUrl}/integrations/demo`;
  const admin = new URL(bridge.ready.adminUrl as string);
  const adminHeaders = { authorization: `Bearer ${admin.searchParams.get('token')}` };
  const lookup = (id: string) => Buffer.from(JSON.stringify({ auth: { api_key: key }, meta: {}, data: { contact_external_id: id } }));

  // Warm: the normal traffic alone for a few seconds; then its latency alone, the baseline, on the machine as it is now.
  await atRate(NORMAL_RATE, 3, () => post(`${url}/interactions`, lookup('7'), {}));
  const alone: number[] = [];
  await atRate(NORMAL_RATE, BASELINE_SECONDS, () => post(`${url}/interactions`, lookup('7'), {}).then(({ ms }) => { alone.push(ms); }));
  const rssBefore = treeRssMb(bridge.child.pid!);
  const ticksBefore = treeTicks(bridge.child.pid!);
  let rssMax = rssBefore;
  /** RSS at each quarter of the run: a leak shows as a rising line, headroom as a plateau. */
  const quarters: number[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const rss = treeRssMb(bridge.child.pid!);
    rssMax = Math.max(rssMax, rss);
    if (quarters.length < 3 && Date.now() - started >= ((quarters.length + 1) * SECONDS * 1000) / 4) quarters.push(rss);
  }, 250);

  const bodies = hostileBodies();
  const answers = bodies.map(() => new Map<number, number>());
  let skipped = 0;
  let turn = 0;
  let inFlight = 0;
  const normal = { sent: 0, ok: 0, latencies: [] as number[] };
  await Promise.all([
    atRate(HOSTILE_RATE, SECONDS, () => {
      if (inFlight >= MAX_IN_FLIGHT) { skipped += 1; return undefined; }
      const index = turn++ % bodies.length;
      const body = bodies[index]!;
      inFlight += 1;
      return post(`${url}/${body.path}`, body.body, { ...body.headers, ...(body.keyed ? { 'x-api-key': key } : {}) }).then(({ status }) => {
        inFlight -= 1;
        answers[index]!.set(status, (answers[index]!.get(status) ?? 0) + 1);
      });
    }),
    atRate(NORMAL_RATE, SECONDS, () => {
      normal.sent += 1;
      return post(`${url}/interactions`, lookup(String(1 + (normal.sent % 1000))), {}).then(({ status, ms }) => {
        if (status === 200) normal.ok += 1;
        normal.latencies.push(ms);
      });
    }),
  ]);
  const rssEnd = treeRssMb(bridge.child.pid!);
  const cpuSeconds = (treeTicks(bridge.child.pid!) - ticksBefore) / 100;
  // After: a quiet moment for the collector, then a marked call that must reach the request log.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  clearInterval(sampler);
  const rssAfter = treeRssMb(bridge.child.pid!);
  const marker = `after-${Date.now()}`;
  const last = await post(`${url}/interactions`, lookup(marker), {});
  const page = await (await fetch(new URL('/api/requests?endpoint=interactions&limit=1', admin), { headers: adminHeaders })).json() as { entries: Array<{ id: number }> };
  const entry = await (await fetch(new URL(`/api/requests/${page.entries[0]?.id}`, admin), { headers: adminHeaders })).json();
  const status = await (await fetch(new URL('/api/status', admin), { headers: adminHeaders })).json() as { requestLog?: { dropped: number } };
  const members = processTree(bridge.child.pid!).length;
  await bridge.stop();

  table(bodies.map((body, index) => ({
    'hostile body': body.name, bytes: body.body.length,
    answers: [...answers[index]!].sort().map(([code, count]) => `${code === 0 ? 'none' : code}×${count}`).join(' '),
  })));
  const percentile = (values: number[], share: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? NaN).toFixed(1);
  };
  const p = (share: number) => percentile(normal.latencies, share);
  console.log(`\n${SECONDS} s, ${HOSTILE_RATE} hostile calls/s offered (${skipped} ticks skipped with ${MAX_IN_FLIGHT} in flight), ${NORMAL_RATE} lookups/s beside them; ${members} bridge process(es).`);
  table([{
    'lookups sent': normal.sent, 'answered 200': normal.ok, 'p50 ms': p(0.5), 'p99 ms': p(0.99), 'max ms': p(1),
    [`alone p50/p99 ms (${BASELINE_SECONDS} s before)`]: `${percentile(alone, 0.5)}/${percentile(alone, 0.99)}`,
    'bridge CPU s': cpuSeconds.toFixed(1),
    'RSS before MB': rssBefore.toFixed(0), 'RSS at ¼ ½ ¾ MB': quarters.map((rss) => rss.toFixed(0)).join(' '), 'RSS max MB': rssMax.toFixed(0),
    'RSS at end MB': rssEnd.toFixed(0), 'RSS 5 s later MB': rssAfter.toFixed(0),
    'request log dropped': status.requestLog?.dropped ?? 'n/a',
    'last call logged': last.status === 200 && JSON.stringify(entry).includes(marker) ? 'yes' : 'NO',
  }]);
  console.log('Goals: every lookup answered 200; RSS back near its start (heap headroom only); every hostile body a 4xx; the last call logged.');
} finally {
  temp.remove();
}
