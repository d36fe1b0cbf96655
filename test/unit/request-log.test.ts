// The request log on a real state database: what a batch stores, how the newest rows are kept, and whole batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import knexFactory from 'knex';
import { openStateDatabase } from '../../bridge/state/database.js';
import { migrationSource } from '../../bridge/state/migrations.js';
import { RequestLog, type RequestLogEntry } from '../../bridge/state/request-log.js';
import { makeTempDir } from '../support/temp-dir.js';

const entry = (index: number, extra: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(), integration: 'crm', endpoint: 'interactions', method: 'POST',
  path: '/integrations/crm/interactions', status: 200, durationMs: 1.5, records: index, body: { meta: {}, data: { n: index } }, ...extra,
});

async function withLog(options: { capacity?: number }, work: (log: RequestLog, failures: unknown[]) => Promise<void>): Promise<void> {
  const temp = makeTempDir('deskbridge-request-log-');
  const db = await openStateDatabase(temp.path);
  const failures: unknown[] = [];
  try {
    await work(new RequestLog(db, { ...options, flushMs: 60_000, failed: (error) => failures.push(error) }), failures);
  } finally {
    await db.destroy();
    temp.remove();
  }
}

test('a batch is stored as sent, credentials removed and a long text cut', async () => {
  await withLog({}, async (log) => {
    log.add(entry(1, { body: { auth: { api_key: 'dbk_secret' }, meta: { password: 'pw' }, data: { phone: '+14155550123' } } }));
    log.add(entry(2, { status: 401, errorCode: 'unauthorized', sourceIp: '127.0.0.1', records: undefined, body: { data: { text: 'x'.repeat(20_000) } } }));
    log.add(entry(3, { integration: undefined, endpoint: 'unknown', body: undefined }));
    await log.flush();
    const [third, second, first] = await log.list({ limit: 10 });
    assert.deepEqual(first, { id: 1, ...entry(1), body: { auth: '[redacted]', meta: { password: '[redacted]' }, data: { phone: '+14155550123' } } });
    const { body: _body, records: _records, ...refused } = entry(2);
    assert.deepEqual({ ...second, body: undefined }, { id: 2, ...refused, status: 401, errorCode: 'unauthorized', sourceIp: '127.0.0.1', body: undefined });
    assert.deepEqual(second?.body, { data: { text: `${'x'.repeat(500)}… (20000 characters)` } });
    assert.deepEqual(third, { id: 3, at: entry(3).at, endpoint: 'unknown', method: 'POST', path: entry(3).path, status: 200, durationMs: 1.5, records: 3 });
  });
});

test('only the newest rows are kept: past the capacity, the oldest go every 500 writes', async () => {
  await withLog({ capacity: 600 }, async (log) => {
    for (let batch = 0; batch < 15; batch += 1) {
      for (let index = 1; index <= 100; index += 1) log.add(entry(batch * 100 + index));
      await log.flush();
    }
    const kept = await log.list({ limit: 10_000 });
    assert.equal(kept.length, 600);
    assert.deepEqual([kept[0]?.records, kept.at(-1)?.records], [1500, 901]);
  });
});

test('a row the table refuses is dropped and counted; the rest of its batch is stored', async () => {
  await withLog({}, async (log, failures) => {
    log.add(entry(1));
    // A row the table refuses (its endpoint may not be null), in the middle of the batch.
    log.add({ ...entry(2), endpoint: null as unknown as string });
    log.add(entry(3));
    await log.flush();
    assert.equal(failures.length, 1);
    assert.match(String(failures[0]), /NOT NULL/);
    assert.deepEqual((await log.list({ limit: 10 })).map((row) => row.records), [3, 1]);
    assert.equal(log.dropped, 1);
  });
});

test('an entry whose body cannot be serialized is dropped and counted, and later entries are written', async () => {
  await withLog({}, async (log, failures) => {
    log.add(entry(1, { body: { data: { count: 10n } } }));
    log.add(entry(2));
    await log.flush();
    log.add(entry(3));
    await log.flush();
    assert.equal(failures.length, 1);
    assert.match(String(failures[0]), /BigInt/);
    assert.deepEqual((await log.list({ limit: 10 })).map((row) => row.records), [3, 2]);
    assert.equal(log.dropped, 1);
  });
});

test('a body nested 20,000 levels deep is stored as a bounded summary, and later entries are written', async () => {
  await withLog({}, async (log, failures) => {
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level += 1) deep = { a: deep };
    log.add(entry(1, { body: { meta: deep } }));
    log.add(entry(2));
    await log.flush();
    assert.deepEqual(failures, []);
    const [second, first] = await log.list({ limit: 10 });
    assert.equal(second?.records, 2);
    assert.deepEqual(first?.body, { meta: { a: { a: { a: { a: { a: '[object of 1 keys]' } } } } } });
  });
});

test('a log written before its count was named records keeps each row\'s count', async () => {
  const temp = makeTempDir('deskbridge-request-log-');
  try {
    // The state database as the first release left it, with one logged call.
    const first = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(temp.path, 'state.sqlite') }, useNullAsDefault: true });
    await first.migrate.up({ migrationSource, name: '001_initial' });
    await first('request_log').insert({ at: entry(1).at, endpoint: 'contacts', method: 'POST', path: '/integrations/crm/contacts', status: 200, duration_ms: 2, contacts: 37 });
    await first.destroy();
    const db = await openStateDatabase(temp.path);
    try {
      const [logged] = await new RequestLog(db, { flushMs: 60_000, failed: () => {} }).list({ limit: 10 });
      assert.equal(logged?.records, 37);
    } finally {
      await db.destroy();
    }
  } finally {
    temp.remove();
  }
});
