// Rows without a checkpoint value: the wizard's preview counts them and says why they reach Talkdesk only in full syncs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';
import { createSyncFixture, syncProfile } from '../support/sync-fixture.js';

let bridge: TestBridge;
/** The fixture leaves the checkpoint empty in every 97th row. */
const NULL_ROWS = 10;

before(async () => {
  bridge = await startTestBridge({ profile: (dataDir) => syncProfile(createSyncFixture(dataDir)) });
});
after(async () => bridge.close());

async function preview(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/preview/contacts`, {
    method: 'POST', headers: { authorization: `Bearer ${bridge.bridge.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('the contact preview counts the rows without a checkpoint and says why only full syncs carry them', async () => {
  const integration = bridge.bridge.context.profile().integrations[0]!;
  const answer = await preview({ connection: integration.connection, contacts: integration.contacts, limit: 5 });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.nullCheckpoints, NULL_ROWS);
  assert.match(answer.body.warnings[0], /^10 rows have no value in the checkpoint column "updated_at": Talkdesk receives them only in full syncs/);
  // What the warning says: a full run sends them, an incremental one does not.
  const full = await syncRun(bridge);
  const incremental = await syncRun(bridge, full.checkpoint);
  const withoutCheckpoint = (ids: string[]) => ids.filter((id) => Number(id) % 97 === 0).length;
  assert.equal(withoutCheckpoint(full.contacts.map((contact) => contact.id)), NULL_ROWS);
  assert.equal(withoutCheckpoint(incremental.contacts.map((contact) => contact.id)), 0);
});

test('a checkpoint column without NULLs gives no such warning', async () => {
  const integration = bridge.bridge.context.profile().integrations[0]!;
  const answer = await preview({ connection: integration.connection, contacts: { ...integration.contacts, checkpoint: 'id' }, limit: 5 });
  assert.equal(answer.body.nullCheckpoints, 0);
  assert.ok(answer.body.warnings.every((warning: string) => !/no value in the checkpoint column/.test(warning)), answer.body.warnings);
});
