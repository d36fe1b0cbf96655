// `npm run bench -- --load [--seconds N]`: mixed Talkdesk traffic (lookups, sync pages, actions) on 100,000 contacts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runCliOnce, startBridgeProcess, table } from './bridge-process.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { seconds: { type: 'string' }, load: { type: 'boolean' }, contacts: { type: 'string' } }, strict: false });
const SECONDS = Number(values.seconds ?? 60);
const CONTACTS = Number(values.contacts ?? 100_000);

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

function run(url: string, connections: number, body: () => string) {
  return autocannon({
    url, connections, duration: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

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
  const rssBefore = bridge.rssMb();
  const auth = { api_key: key };
  const [lookups, sync, actions] = await Promise.all([
    run(`${url}/interactions`, 40, () => JSON.stringify({ auth, meta: { interaction_types: ['ticket', 'note'] }, data: { contact_phones: [pick(phones)] } })),
    run(`${url}/contacts`, 4, () => JSON.stringify({ auth, meta: { offset: pick(offsets) } })),
    run(`${url}/actions/log_call`, 6, () => JSON.stringify({ auth, meta: { contact_external_id: String(1 + Math.floor(Math.random() * CONTACTS)) }, data: { subject: 'Load test call' } })),
  ]);
  const rssAfter = bridge.rssMb();
  const peak = bridge.peakRssMb();
  await bridge.stop();
  const row = (name: string, result: autocannon.Result) => ({
    traffic: name, 'req/s': Math.round(result.requests.average), requests: result.requests.total,
    'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'max ms': result.latency.max,
    errors: result.errors + result.timeouts, 'non-2xx': result.non2xx,
  });
  table([row('interaction lookups by phone', lookups), row('sync pages (500 contacts)', sync), row('actions (insert)', actions)]);
  console.log(`\n${CONTACTS} contacts, ${SECONDS} s. Bridge RSS: ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after, ${peak.toFixed(0)} MB peak.`);
  console.log('Goals: zero errors; lookup p99 under 50 ms; RSS not growing.');
} finally {
  temp.remove();
}
