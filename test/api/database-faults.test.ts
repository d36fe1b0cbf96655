// The database goes down, stalls or slows mid-sync and mid-lookup (through a TCP fault proxy): the bridge answers
// 503 with a code and Retry-After in bounded time, recovers by itself, and loses no change made meanwhile.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Dialect } from '../../connectors/index.js';
import type { ProfileInput } from '../../bridge/profile/schema.js';
import { READ_AHEAD_PAGES } from '../../bridge/sync/contact-sync.js';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';
import { SHARED_PHONE_E164, keyBase } from '../support/contact-fixture.js';
import { openDirect, openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const QUERY_TIMEOUT_MS = 1500;
/** The longest any answer may take while the database misbehaves. */
const HARD_LIMIT_MS = 5000;
/** Answers during a fault are expected within the query timeout plus this much. */
const MARGIN_MS = 1000;
const RECOVERY_DEADLINE_MS = 10_000;
const PAGE_SIZE = 10;
const POOL_MAX = 2;
/** Latency that keeps calls on the wire long enough for a fault to strike them. */
const IN_FLIGHT_LATENCY_MS = 100;
const FAULT_CODES = new Set(['db_unavailable', 'db_timeout', 'db_unreachable', 'overloaded']);

interface Answer { status: number; body: any; headers: Headers; ms: number; what: string }

interface Fault {
  name: string;
  apply(proxy: FaultProxy): void;
}

const FAULTS: Fault[] = [
  { name: 'drop', apply: (proxy) => proxy.drop() },
  { name: 'stall', apply: (proxy) => proxy.stall() },
  // Each chunk takes longer than the query timeout: the database is there but far too slow.
  { name: 'slow', apply: (proxy) => proxy.slow(QUERY_TIMEOUT_MS + 500) },
];

/** Measured answer times, printed after each dialect's tests for the report. */
const timings: string[] = [];

function record(label: string, answers: Answer[]): void {
  timings.push(`${label}: ${answers.map((answer) => `${answer.what} ${answer.status} ${answer.body?.error?.code ?? ''} ${answer.ms} ms`).join('; ')}`);
}

/** Adds tickets and notes (one of each per contact), the interactions the lookup reads. */
async function addInteractionTables(direct: Knex, dialect: Dialect): Promise<void> {
  const stamp = dialect === 'mysql' ? 'datetime(3)' : 'timestamp(6)';
  for (const table of ['tickets', 'notes']) {
    await direct.raw(`create table ${table} (id bigint not null primary key, contact_id bigint not null, subject varchar(200) not null, created_at ${stamp} not null)`);
    await direct.raw(`create index ${table}_contact on ${table} (contact_id)`);
  }
  const contacts: Array<{ id: string | number }> = await direct('contacts').select('id');
  const rows = contacts.map((contact, index) => ({ id: index + 1, contact_id: contact.id, subject: `About #${index}`, created_at: '2024-04-01 09:00:00' }));
  await direct('tickets').insert(rows);
  await direct('notes').insert(rows.map((row) => ({ ...row, subject: `Note ${row.subject}` })));
}

function faultProfile(db: TestDatabase, proxy: FaultProxy, poolMax: number, queryTimeoutMs = QUERY_TIMEOUT_MS): ProfileInput {
  const { config } = db;
  return {
    version: 1,
    integrations: [{
      id: 'crm', displayName: 'CRM',
      connection: {
        dialect: db.dialect, host: '127.0.0.1', port: proxy.port, database: config.database, user: config.user,
        ...(config.options ? { options: config.options } : {}), queryTimeoutMs, pool: { max: poolMax },
      },
      contacts: { source: { table: 'contacts' }, key: 'id', checkpoint: 'updated_at', pageSize: PAGE_SIZE, fields: { name: 'name', emails: 'email', phones: 'phone' } },
      interactions: ['ticket', 'note'].map((type) => ({
        type, source: { table: `${type}s` }, contactKey: 'contact_id', fields: { id: 'id', subject: 'subject', date: 'created_at' },
      })),
    }],
  };
}

async function timed(what: string, call: () => Promise<{ status: number; body: any; headers: Headers }>): Promise<Answer> {
  const started = performance.now();
  const answer = await call();
  return { ...answer, ms: Math.round(performance.now() - started), what };
}

function lookup(bridge: TestBridge): Promise<Answer> {
  return timed('lookup', async () => bridge.post('/interactions', { auth: { api_key: await bridge.key() }, data: { contact_phones: [SHARED_PHONE_E164] } }));
}

function syncPage(bridge: TestBridge, offset?: string): Promise<Answer> {
  const meta = offset ? { offset } : {};
  return timed(offset ? 'sync page' : 'first sync page', async () => bridge.post('/contacts', { auth: { api_key: await bridge.key() }, meta }));
}

/**
 * Follows a run under a fault. Pages read ahead before the fault are served (at most READ_AHEAD_PAGES); the first
 * page that needs the database must be refused. Returns the pages served and the refused call with its offset.
 */
async function followIntoFault(bridge: TestBridge, offset: string): Promise<{ served: any[]; refused: Answer; offset: string }> {
  const served: any[] = [];
  let at = offset;
  for (;;) {
    const answer = await syncPage(bridge, at);
    if (answer.status !== 200 || served.length === READ_AHEAD_PAGES) return { served, refused: answer, offset: at };
    served.push(answer.body);
    assert.ok(answer.body.next_offset, 'the fixture has more pages than are read ahead');
    at = answer.body.next_offset;
  }
}

/** A 503 with a known code and Retry-After, in bounded time. */
function assertRefused(answer: Answer, label: string, limitMs = QUERY_TIMEOUT_MS + MARGIN_MS): void {
  const where = `${label}: ${answer.what} answered ${answer.status} ${JSON.stringify(answer.body)} after ${answer.ms} ms`;
  assert.equal(answer.status, 503, where);
  assert.ok(FAULT_CODES.has(answer.body?.error?.code), where);
  assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/, `${where}: no Retry-After`);
  assert.ok(answer.ms <= HARD_LIMIT_MS, `${where}: past the ${HARD_LIMIT_MS} ms limit`);
  assert.ok(answer.ms <= limitMs, `${where}: past ${limitMs} ms (query timeout ${QUERY_TIMEOUT_MS} ms)`);
}

/** Polls a condition every 50 ms until it holds, failing at the recovery deadline. */
async function until(condition: () => boolean, explain: () => string): Promise<void> {
  const deadline = performance.now() + RECOVERY_DEADLINE_MS;
  while (!condition()) {
    assert.ok(performance.now() < deadline, explain());
    await delay(50);
  }
}

/** Calls until a 200, failing on anything but 200 or a bounded 503, or when the deadline passes. */
async function untilAnswered(call: () => Promise<Answer>, label: string): Promise<Answer> {
  const deadline = performance.now() + RECOVERY_DEADLINE_MS;
  for (;;) {
    const answer = await call();
    if (answer.status === 200) return answer;
    assertRefused(answer, `${label} while recovering`);
    assert.ok(performance.now() < deadline, `${label}: still ${answer.status} ${JSON.stringify(answer.body)} ${RECOVERY_DEADLINE_MS} ms after restore`);
    await delay(100);
  }
}

function describeDialect(dialect: 'mysql' | 'postgres', label: string): void {
  describe(`database faults on ${label}`, () => {
    let skipReason: string | undefined;
    let db: TestDatabase;
    let direct: Knex;
    let proxy: FaultProxy;
    let bridge: TestBridge;
    let stampDay = 0;
    let nextId = keyBase(dialect) + 1000n;

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { skipReason = opened.unavailable; return; }
      db = opened.database;
      direct = openDirect(db);
      await addInteractionTables(direct, dialect);
      proxy = await startFaultProxy({ port: Number(db.config.port) });
      bridge = await startTestBridge({ profile: () => faultProfile(db, proxy, POOL_MAX) });
    });

    after(async () => {
      if (skipReason) return;
      await bridge?.close();
      await proxy?.close();
      await direct?.destroy();
      await db?.drop();
      if (timings.length > 0) console.log(`${label} answer times:\n${timings.splice(0).map((line) => `  ${line}`).join('\n')}`);
    });

    const ready = (t: TestContext): boolean => {
      if (skipReason) t.skip(skipReason);
      return !skipReason;
    };

    /** Renames two contacts and inserts one, all with a checkpoint newer than anything before. */
    async function changeContacts(): Promise<Map<string, string>> {
      stampDay += 1;
      const stamp = `2025-01-${String(stampDay).padStart(2, '0')} 12:00:00.${dialect === 'mysql' ? '123' : '123456'}`;
      const rows: Array<{ id: string | number }> = await direct('contacts').select('id').orderBy('id').limit(2);
      const changed = new Map<string, string>();
      for (const row of rows) {
        const name = `Renamed during fault ${stampDay} #${row.id}`;
        await direct('contacts').where('id', row.id).update({ name, updated_at: stamp });
        changed.set(String(row.id), name);
      }
      const id = String(nextId++);
      const name = `Added during fault ${stampDay}`;
      await direct('contacts').insert({ id, name, phone: SHARED_PHONE_E164, score: 1, active: true, updated_at: stamp });
      changed.set(id, name);
      return changed;
    }

    /**
     * Strikes calls in flight with the fault, then calls into it; every call that needs the database must be a bounded
     * 503. The run started before the fault is followed into it. Returns the changes made meanwhile, the pages served
     * from before the fault, and the offset of the page refused.
     */
    async function callsUnderFault(fault: Fault, offset: string): Promise<{ changed: Map<string, string>; served: any[]; offset: string }> {
      try {
        // The fault strikes while a sync page and a lookup are on their way to the database (slowed a little to catch them).
        proxy.slow(IN_FLIGHT_LATENCY_MS);
        const inFlight = Promise.all([syncPage(bridge), lookup(bridge)]);
        await proxy.nextChunkToTarget();
        fault.apply(proxy);
        const struck = await inFlight;
        record(`${fault.name} in flight`, struck);
        for (const answer of struck) assertRefused(answer, `${fault.name} in flight`);
        const changed = await changeContacts();
        // Mid-sync: the run goes on through the pages read before the fault, then needs the database.
        const followed = await followIntoFault(bridge, offset);
        record(`${fault.name} mid-sync, after ${followed.served.length} pages read ahead`, [followed.refused]);
        assertRefused(followed.refused, `${fault.name} mid-sync`);
        // With the fault in place: as many calls at once as the pool holds, twice; then more than it holds, which may wait for a slot.
        const answers: Answer[] = [];
        for (let round = 0; round < 2; round += 1) answers.push(...await Promise.all([syncPage(bridge, followed.offset), lookup(bridge)]));
        record(fault.name, answers);
        for (const answer of answers) assertRefused(answer, fault.name);
        const crowd = await Promise.all([syncPage(bridge, followed.offset), lookup(bridge), lookup(bridge), lookup(bridge)]);
        record(`${fault.name}, 4 calls on a pool of 2`, crowd);
        for (const answer of crowd) assertRefused(answer, `${fault.name}, 4 calls on a pool of 2`, HARD_LIMIT_MS);
        return { changed, served: followed.served, offset: followed.offset };
      } finally {
        proxy.restore();
      }
    }

    /** Follows the run from the page answered after recovery; with the first page it must hold every contact, without starting over. */
    async function assertRunContinues(firstPage: any, served: any[], resumed: any, changed: Map<string, string>): Promise<void> {
      let rest = resumed;
      const continued: any[] = [...served.flatMap((page) => page.contacts), ...rest.contacts];
      while (rest.next_offset) {
        const next = await syncPage(bridge, rest.next_offset);
        assert.equal(next.status, 200, JSON.stringify(next.body));
        rest = next.body;
        continued.push(...rest.contacts);
      }
      const firstIds = new Set<string>(firstPage.contacts.map((contact: any) => contact.id));
      const repeated = continued.filter((contact) => firstIds.has(contact.id) && !changed.has(contact.id));
      assert.deepEqual(repeated, [], 'the continued run did not start over');
      const all = (await direct('contacts').select('id')).map((row: { id: unknown }) => String(row.id));
      const delivered = new Set([...firstIds, ...continued.map((contact) => contact.id as string)]);
      assert.deepEqual([...delivered].sort(), [...all].sort(), 'first page and continuation together hold every contact');
    }

    for (const fault of FAULTS) {
      test(`${fault.name}: mid-sync and mid-lookup answers are bounded 503s; the run continues and the next incremental sync has every change`, async (t) => {
        if (!ready(t)) return;
        const previous = await syncRun(bridge);
        const first = await bridge.post('/contacts', { auth: { api_key: await bridge.key() }, meta: {} });
        assert.equal(first.status, 200);
        const offset: string = first.body.next_offset;
        assert.ok(offset, 'the run has a second page');

        const { changed, served, offset: refusedAt } = await callsUnderFault(fault, offset);
        const restored = performance.now();
        const [page, found] = await Promise.all([untilAnswered(() => syncPage(bridge, refusedAt), fault.name), untilAnswered(() => lookup(bridge), fault.name)]);
        timings.push(`${fault.name}: answered 200 again ${Math.round(performance.now() - restored)} ms after restore`);
        assert.ok(Array.isArray(found.body) && found.body.length > 0, 'the lookup finds tickets and notes again');
        await assertRunContinues(first.body, served, page.body, changed);

        // The incremental sync from the checkpoint before the fault brings every change made during it.
        const incremental = await syncRun(bridge, previous.checkpoint);
        const names = new Map(incremental.contacts.map((contact) => [contact.id as string, contact.name as string]));
        for (const [id, name] of changed) assert.equal(names.get(id), name, `change to contact ${id} delivered`);

        // Connections held or broken during the fault were discarded, not piled up: at most the pool's and the
        // sync thread's own remain.
        const bound = POOL_MAX + 1;
        await until(() => proxy.openConnections() <= bound, () => `${proxy.openConnections()} connections still open through the proxy (at most ${bound})`);
      });
    }

    test('a burst of 100 lookups on a slow database with a pool of 2: every answer is 200 or 503/429 with Retry-After, none hangs', async (t) => {
      if (!ready(t)) return;
      proxy.slow(15);
      try {
        const answers = await Promise.all(Array.from({ length: 100 }, () => lookup(bridge)));
        const counts = new Map<string, number>();
        for (const answer of answers) {
          const kind = `${answer.status}${answer.body?.error?.code ? ` ${answer.body.error.code}` : ''}`;
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
          const where = `burst: ${answer.status} ${JSON.stringify(answer.body)} after ${answer.ms} ms`;
          assert.ok(answer.ms <= HARD_LIMIT_MS, where);
          if (answer.status === 200) continue;
          assert.ok(answer.status === 503 || answer.status === 429, where);
          assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/, where);
        }
        const slowest = Math.max(...answers.map((answer) => answer.ms));
        timings.push(`burst: ${[...counts].map(([kind, n]) => `${n} × ${kind}`).join(', ')}; slowest ${slowest} ms`);
        assert.ok((counts.get('200') ?? 0) > 0, 'some lookups were served');
      } finally {
        proxy.restore();
      }
    });

    test('a lookup whose queries each stay under the timeout but together run long is answered 503 before 5 s', async (t) => {
      if (!ready(t)) return;
      // Each query takes about 2.6 s (1.3 s each way), under a 4 s timeout. A caller whose phone matches no one but
      // whose e-mail does waits for three rounds of them: the phone match, the e-mail match, the interactions.
      const patient = await startTestBridge({ profile: () => faultProfile(db, proxy, POOL_MAX, 4000) });
      const byEmail = () => timed('lookup by e-mail', async () => patient.post('/interactions', {
        auth: { api_key: await patient.key() }, data: { contact_phones: ['+19999999999'], contact_emails: ['ana.silva@example.com'] },
      }));
      // Connections are opened first (a handshake at that latency would itself take seconds); then only queries are slow.
      const before = await byEmail();
      assert.equal(before.status, 200);
      assert.ok(before.body.length > 0, 'the e-mail finds a contact with interactions');
      proxy.slow(1300);
      try {
        const answer = await byEmail();
        const where = `${answer.status} ${JSON.stringify(answer.body)} after ${answer.ms} ms`;
        assert.equal(answer.status, 503, where);
        assert.equal(answer.body.error.code, 'deadline_exceeded', where);
        assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/, where);
        assert.ok(answer.ms < HARD_LIMIT_MS, where);
        timings.push(`slow queries adding up: ${answer.status} ${answer.body.error.code} after ${answer.ms} ms`);
      } finally {
        proxy.restore();
        await patient.close();
      }
    });
  });
}

describeDialect('mysql', 'MariaDB');
describeDialect('postgres', 'PostgreSQL');
