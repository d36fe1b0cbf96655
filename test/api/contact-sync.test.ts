import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';
import { createSyncFixture, FIXTURE_ROWS, openFixture, STAMPS, syncProfile } from '../support/sync-fixture.js';

let bridge: TestBridge;
let file: string;

before(async () => {
  bridge = await startTestBridge({ profile: (fixtureDir) => syncProfile(file = createSyncFixture(fixtureDir)) });
});
after(async () => bridge.close());

function ids(contacts: Array<{ id: string }>): number[] {
  return contacts.map((contact) => Number(contact.id));
}

test('a full sync collects every row exactly once across pages with many equal timestamps', async () => {
  const run = await syncRun(bridge);
  const seen = ids(run.contacts);
  assert.equal(seen.length, FIXTURE_ROWS, 'no row repeated or lost');
  assert.equal(new Set(seen).size, FIXTURE_ROWS);
  assert.ok(run.pages >= Math.ceil(FIXTURE_ROWS / 37));
  assert.deepEqual(run.contacts[0].phones, ['+12125550097'], 'rows without a checkpoint come first');
});

test('contacts are ordered by checkpoint then key', async () => {
  const db = openFixture(file);
  const expected = db.prepare('select id from people order by updated_at is not null, updated_at, id').all().map((row: any) => row.id);
  db.close();
  assert.deepEqual(ids((await syncRun(bridge)).contacts), expected);
});

test('an incremental sync returns only what changed, including rows updated at the last timestamp with a lower key', async () => {
  const full = await syncRun(bridge);
  const newest = STAMPS.at(-1)!;
  const db = openFixture(file);
  const atNewest = (db.prepare('select count(*) as n from people where updated_at = ?').get(newest) as { n: number }).n;
  // Steady state: only the rows sharing the last timestamp come again.
  const steady = await syncRun(bridge, full.checkpoint);
  assert.equal(steady.contacts.length, atNewest);
  assert.ok(steady.contacts.length < 200);
  // A row with a low key written afterwards with the same timestamp as the last one sent is not lost.
  db.prepare("update people set name = 'Renamed', updated_at = ? where id = 2").run(newest);
  db.prepare("insert into people (id, name, phone, updated_at) values (5000, 'Late', '212-555-9999', ?)").run(newest);
  db.prepare("update people set name = 'Moved', updated_at = '2025-01-01 00:00:00' where id = 4").run();
  db.close();
  const next = await syncRun(bridge, full.checkpoint);
  const names = new Map(next.contacts.map((contact) => [contact.id, contact.name]));
  assert.equal(names.get('2'), 'Renamed');
  assert.equal(names.get('5000'), 'Late');
  assert.equal(names.get('4'), 'Moved');
  assert.equal(next.contacts.length, atNewest + 3);
  // The run after that starts at the newest change only.
  const last = await syncRun(bridge, next.checkpoint);
  assert.deepEqual(ids(last.contacts), [4]);
});

test('paging an incremental sync keeps every changed row exactly once', async () => {
  const base = await syncRun(bridge);
  const db = openFixture(file);
  db.prepare("update people set updated_at = '2030-01-01 00:00:00' where id % 3 = 0").run();
  const changed = (db.prepare("select count(*) as n from people where updated_at = '2030-01-01 00:00:00'").get() as { n: number }).n;
  db.close();
  const run = await syncRun(bridge, base.checkpoint);
  const seen = ids(run.contacts).filter((id) => id % 3 === 0);
  assert.equal(seen.length, changed);
  assert.equal(new Set(seen).size, changed);
  assert.ok(run.pages > 1);
});

test('sync statistics record each finished run', async () => {
  await syncRun(bridge);
  const runs = await bridge.bridge.context.syncRuns.list('people');
  const finished = runs.find((run) => run.finishedAt && run.kind === 'full');
  assert.ok(finished);
  assert.ok(finished.rows >= FIXTURE_ROWS && finished.pages > 1);
});

test('forged or foreign offsets are 400s with a code', async () => {
  const auth = { api_key: await bridge.key() };
  const page = await bridge.post('/contacts', { auth, meta: {} });
  const offset: string = page.body.next_offset;
  const [body, mac] = offset.split('.') as [string, string];
  const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), after: { checkpoint: null, key: -1 } })).toString('base64url')}.${mac}`;
  for (const [meta, code] of [
    [{ offset: forged }, 'invalid_offset'],
    [{ offset: 'garbage' }, 'invalid_offset'],
    [{ offset: page.body.synchronization_checkpoint }, 'invalid_offset'],
    [{ offset: 12 }, 'invalid_request'],
  ] as const) {
    const response = await bridge.post('/contacts', { auth, meta });
    assert.equal(response.status, 400, JSON.stringify(meta));
    assert.equal(response.body.error.code, code);
  }
});

test('context is echoed back and null/empty meta mean a fresh full sync', async () => {
  const auth = { api_key: await bridge.key() };
  for (const meta of [null, {}, { offset: null, synchronization_checkpoint: null }, { offset: '', synchronization_checkpoint: '' }]) {
    const response = await bridge.post('/contacts', { auth, meta });
    assert.equal(response.status, 200, JSON.stringify(meta));
    assert.equal(response.body.contacts.length, 37);
    assert.equal(typeof response.body.synchronization_checkpoint, 'string');
  }
  const withContext = await bridge.post('/contacts', { auth, meta: { context: { page: 3 } } });
  assert.deepEqual(withContext.body.context, { page: 3 });
});
