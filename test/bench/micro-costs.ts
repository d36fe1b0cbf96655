// By hand: `node --import tsx test/bench/micro-costs.ts`; µs per call of the small costs that decided a design choice in
// the code (docs/PERFORMANCE.md, "Figures behind design choices"): libphonenumber's layout of a number, a zone's
// offset from the platform against the cached one, and Knex compiling a lookup or a request log batch against
// binding SQL kept from before.
import knexFactory from 'knex';
import { libraryLayout } from '../../bridge/mapping/phone.js';
import { zoneOffset } from '../../connectors/time-zone.js';
import { table } from './bridge-process.js';

const ROUNDS = 5;
const CALLS = 20_000;

/** The best of several rounds, in µs per call; `sink` keeps the work from being optimized away. */
function microseconds(work: (index: number) => unknown): number {
  let call = 0;
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = process.hrtime.bigint();
    // Every call of every round gets an index of its own, so a cache filled by one round does not serve the next.
    for (let index = 0; index < CALLS; index += 1) sink += work(call++) === undefined ? 0 : 1;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / CALLS);
  }
  if (sink === 0) throw new Error('nothing was computed');
  return best;
}

const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const phones = Array.from({ length: 25 }, (_, index) => `+1415555${String(index).padStart(4, '0')}`);
const lookup = () => knex.select('id', 'name').from('contacts').whereIn('phone', phones).orWhereIn('mobile', phones).limit(20);
const kept = lookup().toSQL();
const entry = { at: '2026-12-02T00:00:00Z', endpoint: 'contacts', method: 'POST', path: '/x', status: 200, duration_ms: 1, body: '{}', error_code: null };
const batch = Array.from({ length: 10 }, () => entry);
const DAY_MS = 86_400_000;

const rows = [
  { cost: 'libphonenumber layout of an E.164 number (bridge/mapping/phone.ts)', 'µs per call': microseconds(() => libraryLayout('+14155550123')) },
  // A new day each call: the offset is read from the platform (twice, at the span's two ends) and kept.
  { cost: 'zone offset, a new day each call (connectors/time-zone.ts)', 'µs per call': microseconds((index) => zoneOffset(Date.UTC(1800, 0, 1) + index * DAY_MS, 'Europe/Lisbon')) },
  { cost: 'zone offset, a day already kept', 'µs per call': microseconds((index) => zoneOffset(Date.UTC(2026, 0, 1) + (index % 1000) * 60_000, 'Europe/Lisbon')) },
  { cost: 'Knex compiles a 25-form phone lookup (connectors/statement-cache.ts)', 'µs per call': microseconds(() => lookup().toSQL()) },
  { cost: 'the same SQL kept, bound to new values through knex.raw', 'µs per call': microseconds(() => knex.raw(kept.sql, [...phones, ...phones, 20]).toSQL()) },
  { cost: 'Knex compiles a 10-entry request log insert, per entry (bridge/state/request-log.ts)', 'µs per call': microseconds(() => knex('request_log').insert(batch).toSQL()) / batch.length },
].map((row) => ({ ...row, 'µs per call': row['µs per call'].toFixed(1) }));

table(rows);
await knex.destroy();
