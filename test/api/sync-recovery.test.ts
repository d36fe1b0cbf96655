import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { mappingFingerprint } from '../../bridge/sync/contact-sync.js';
import { TokenSigner } from '../../bridge/sync/token.js';
import type { ContactsMapping } from '../../bridge/profile/schema.js';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';
import { createSyncFixture, FIXTURE_ROWS, STAMPS, syncProfile } from '../support/sync-fixture.js';

let bridge: TestBridge;
/** What the bridge logged, one parsed JSON line each. */
const logged: Array<{ level: number; msg: string; integration?: string }> = [];

before(async () => {
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { logged.push(JSON.parse(String(chunk))); done(); } }));
  bridge = await startTestBridge({ profile: (dataDir) => syncProfile(createSyncFixture(dataDir)), bridge: { logger } });
});
after(async () => bridge.close());

function contactsMapping(): ContactsMapping {
  return bridge.bridge.context.profile().integrations[0]!.contacts;
}

async function alerts(): Promise<Array<{ code: string; integration?: string; message: string }>> {
  const response = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/status`, { headers: { authorization: `Bearer ${bridge.bridge.adminToken}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { alerts: Array<{ code: string; integration?: string; message: string }> }).alerts;
}

async function forgetRestart(): Promise<void> {
  await bridge.bridge.context.settings.set('sync.restarted.people', '');
}

/** A checkpoint well past most rows, signed by another install's key (a restored or replaced data folder). */
function foreignCheckpoint(): string {
  return new TokenSigner(randomBytes(32)).sign({ t: 'c', i: 'people', f: mappingFingerprint(contactsMapping()), c: STAMPS.at(-1)! });
}

test('a checkpoint signed by another install starts a full sync, logged and shown on the dashboard, instead of a 400', async () => {
  await forgetRestart();
  assert.equal((await alerts()).some((alert) => alert.code === 'sync_restarted'), false);
  // Talkdesk keeps sending the checkpoint it stored on every page of the run, next to the offsets.
  const run = await syncRun(bridge, foreignCheckpoint());
  assert.equal(run.contacts.length, FIXTURE_ROWS, 'every row, once');
  assert.equal(new Set(run.contacts.map((contact) => contact.id)).size, FIXTURE_ROWS);
  const alert = (await alerts()).find((candidate) => candidate.code === 'sync_restarted');
  assert.ok(alert, 'a dashboard alert');
  assert.equal(alert.integration, 'people');
  assert.match(alert.message, /did not sign.*full contact sync started/);
  const warning = logged.find((line) => /full contact sync started instead/.test(line.msg));
  assert.equal(warning?.integration, 'people', 'logged, with the integration');
  assert.equal(warning?.level, 40, 'as a warning');
  const [lastRun] = await bridge.bridge.context.syncRuns.list('people', 1);
  assert.equal(lastRun?.kind, 'full');
  // The checkpoint the restarted run ends with is this install's own: the next run is incremental again.
  const next = await syncRun(bridge, run.checkpoint);
  assert.ok(next.contacts.length < 200, `an incremental run, not ${next.contacts.length} rows`);
});

test('an unreadable checkpoint starts a full sync too', async () => {
  for (const checkpoint of ['x.y', 'garbage', `${'a'.repeat(5000)}.b`]) {
    const page = await bridge.post('/contacts', { auth: { api_key: await bridge.key() }, meta: { synchronization_checkpoint: checkpoint } });
    assert.equal(page.status, 200, checkpoint.slice(0, 20));
    assert.equal(page.body.contacts.length, 37);
    assert.equal(page.body.contacts[0].id, '97', 'a full run starts with the rows without a checkpoint');
  }
});

test('a checkpoint from before the contact mapping changed starts a full sync and says why', async () => {
  const before = await syncRun(bridge);
  await forgetRestart();
  const profile = bridge.bridge.context.profile();
  const integration = profile.integrations[0]!;
  await bridge.bridge.context.replaceProfile({
    ...profile, integrations: [{ ...integration, contacts: { ...integration.contacts, source: { sql: 'select id, name, phone, updated_at from people' } } }],
  });
  const run = await syncRun(bridge, before.checkpoint);
  assert.equal(run.contacts.length, FIXTURE_ROWS);
  const alert = (await alerts()).find((candidate) => candidate.code === 'sync_restarted');
  assert.match(alert?.message ?? '', /contact mapping .* changed/);
});

test('an offset of another run stays a 400 even next to a usable checkpoint', async () => {
  const auth = { api_key: await bridge.key() };
  const first = await bridge.post('/contacts', { auth, meta: {} });
  const forged = new TokenSigner(randomBytes(32)).sign({
    t: 'o', i: 'people', f: mappingFingerprint(contactsMapping()), run: 'x', kind: 'full', started: 1, after: { checkpoint: null, key: 1 },
  });
  const response = await bridge.post('/contacts', { auth, meta: { synchronization_checkpoint: first.body.synchronization_checkpoint, offset: forged } });
  assert.equal(response.status, 400);
  assert.equal(response.body.error.code, 'invalid_offset');
});
