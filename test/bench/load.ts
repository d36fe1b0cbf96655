// `npm run bench -- --load [--seconds N] [--fraction F]`: mixed Talkdesk traffic (lookups, sync pages, actions) on
// 100,000 contacts: first the capacity, then a steady run at a share of it.
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runCliOnce, startBridgeProcess, table } from './bridge-process.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { seconds: { type: 'string' }, load: { type: 'boolean' }, contacts: { type: 'string' }, fraction: { type: 'string' } },
  strict: false,
});
const SECONDS = Number(values.seconds ?? 60);
const CONTACTS = Number(values.contacts ?? 100_000);
/** The capacity run finds the most the machine answers; the measured run offers this share of it, steadily. */
const CAPACITY_SECONDS = 15;
const FRACTION = Number(values.fraction ?? 0.85);

function pick<T>(list: T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

/** Phones of real contacts in E.164 (what Talkdesk sends), and a chain of sync offsets to request pages at random. */
async function fixtures(file: string, url: string, key: string) {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('select phone from customers where phone is not null and id % 50 = 0').all() as Array<{ phone: string }>;
  db.close();
  const phones = rows.map((row) => normalizePhone(row.phone, 'US')).filter((phone): phone is string => !!phone);
  const offsets: string[] = [];
  let offset: string | undefined;
  do {
    const response = await fetch(`${url}/contacts`, { method: 'POST', body: JSON.stringify({ auth: { api_key: key }, meta: offset ? { offset } : {} }) });
    offset = ((await response.json()) as { next_offset?: string }).next_offset;
    if (offset && offsets.length < 500) offsets.push(offset);
  } while (offset && offsets.length < 500);
  return { phones, offsets };
}

/** Closed loop (each connection sends again when answered) without a rate; otherwise `rate` requests/s in all. */
function run(url: string, connections: number, seconds: number, body: () => string, rate?: number) {
  return autocannon({
    url, connections, duration: seconds, method: 'POST',
    ...(rate ? { overallRate: Math.max(1, Math.round(rate)) } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

const row = (name: string, result: autocannon.Result) => ({
  traffic: name, 'req/s': Math.round(result.requests.average), requests: result.requests.total,
  'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'max ms': result.latency.max,
  errors: result.errors + result.timeouts, 'non-2xx': result.non2xx,
});

const temp = makeTempDir('deskbridge-load-');
try {
  const first = await startBridgeProcess(['--data-dir', temp.path]);
  await first.stop();
  const file = path.join(temp.path, 'demo-crm.sqlite');
  createDemoDatabase(file, { contacts: CONTACTS });
  const { key } = await runCliOnce(['api-key', 'create', '--integration', 'demo', '--data-dir', temp.path]);
  const bridge = await startBridgeProcess(['--data-dir', temp.path]);
  const url = `${bridge.ready.bridgeUrl}/integrations/demo`;
  const { phones, offsets } = await fixtures(file, url, key);
  const auth = { api_key: key };
  const streams = [
    { name: 'interaction lookups by phone', url: `${url}/interactions`, connections: 40, body: () => JSON.stringify({ auth, meta: { interaction_types: ['ticket', 'note'] }, data: { contact_phones: [pick(phones)] } }) },
    { name: 'sync pages (500 contacts)', url: `${url}/contacts`, connections: 4, body: () => JSON.stringify({ auth, meta: { offset: pick(offsets) } }) },
    { name: 'actions (insert)', url: `${url}/actions/log_call`, connections: 6, body: () => JSON.stringify({ auth, meta: { contact_external_id: String(1 + Math.floor(Math.random() * CONTACTS)) }, data: { subject: 'Load test call' } }) },
  ];
  const rssIdle = bridge.rssMb();
  const capacity = await Promise.all(streams.map((stream) => run(stream.url, stream.connections, CAPACITY_SECONDS, stream.body)));
  const rssLoaded = bridge.rssMb();
  const measured = await Promise.all(streams.map((stream, index) =>
    run(stream.url, stream.connections, SECONDS, stream.body, capacity[index]!.requests.average * FRACTION)));
  const rssAfter = bridge.rssMb();
  const peak = bridge.peakRssMb();
  await bridge.stop();
  console.log(`Capacity: ${CAPACITY_SECONDS} s, every connection sending again as soon as answered (the queue is always full):`);
  table(streams.map((stream, index) => row(stream.name, capacity[index]!)));
  console.log(`\nMeasured: ${SECONDS} s at ${Math.round(FRACTION * 100)}% of that capacity, offered at a steady rate:`);
  table(streams.map((stream, index) => row(stream.name, measured[index]!)));
  console.log(`\n${CONTACTS} contacts. Bridge RSS: ${rssIdle.toFixed(0)} MB idle; ${rssLoaded.toFixed(0)} MB after the capacity run, ` +
    `${rssAfter.toFixed(0)} MB after the measured run (${(rssAfter - rssLoaded >= 0 ? '+' : '')}${(rssAfter - rssLoaded).toFixed(0)} MB over ${SECONDS} s); ${peak.toFixed(0)} MB peak.`);
  console.log('Goals: zero errors; lookup p99 under 50 ms; RSS not growing under steady load.');
} finally {
  temp.remove();
}
