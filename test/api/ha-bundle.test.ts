// deskbridge export / import: a bundle restores an identical bridge (same key accepted, a next_offset from one accepted by the other).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startBridge, type RunningBridge } from '../../bridge/bridge.js';
import { silentLogger } from '../../bridge/logger.js';
import { openState } from '../../bridge/state/index.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const PASSPHRASE = 'correct horse battery staple';
const SECRET_VALUE = 'Db-Passw0rd-kept-secret';
const MASTER_A = { DESKBRIDGE_MASTER_KEY: 'a'.repeat(64) };
const MASTER_B = { DESKBRIDGE_MASTER_KEY: 'b'.repeat(64) };

let first: TestBridge;
let second: RunningBridge | undefined;
const work = makeTempDir();
const secondDir = makeTempDir();
const bundle = path.join(work.path, 'office.bundle');

before(async () => { first = await startTestBridge(); });
after(async () => {
  await second?.close();
  await first.close();
  work.remove();
  secondDir.remove();
});

async function contactsPage(baseUrl: string, key: string, offset?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/integrations/demo/contacts`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { api_key: key }, meta: offset ? { offset } : {} }),
  });
  return { status: response.status, body: await response.json() };
}

test('export writes a sealed, owner-only bundle; import on another install (another master key) restores the same bridge', async () => {
  assert.equal((await runCli(['secret', 'set', 'crm-db', '--data-dir', first.dataDir], { env: MASTER_A, input: SECRET_VALUE })).code, 0);
  const key = await first.key();
  const page = await contactsPage(first.bridge.bridgeUrl, key);
  assert.equal(page.status, 200);
  const offset = page.body.next_offset as string;
  assert.ok(offset);

  const exported = await runCli(['export', '--out', bundle, '--data-dir', first.dataDir], { env: MASTER_A, input: `${PASSPHRASE}\n` });
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(exported.lines[0], { exported: bundle, integrations: ['demo'], secrets: 1, apiKeys: 1 });
  const text = readFileSync(bundle, 'utf8');
  assert.ok(!text.includes(SECRET_VALUE) && !text.includes('sync_token_key') && !text.includes(first.dataDir), 'nothing readable without the passphrase');
  if (process.platform !== 'win32') assert.equal(statSync(bundle).mode & 0o777, 0o600);

  const imported = await runCli(['import', bundle, '--data-dir', secondDir.path], { env: MASTER_B, input: `${PASSPHRASE}\n` });
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(imported.lines[0], { imported: bundle, integrations: ['demo'], secrets: 1, apiKeys: 1 });

  const state = await openState(secondDir.path, MASTER_B);
  try { assert.equal(await state.secrets.get('crm-db'), SECRET_VALUE); } finally { await state.close(); }

  second = await startBridge({ dataDir: secondDir.path, logger: silentLogger(), env: { ...process.env, ...MASTER_B } });
  assert.equal(second.demoApiKey, undefined, 'the imported profile is used, not a new demo');
  const auth = await fetch(`${second.bridgeUrl}/integrations/demo/auth`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth: { api_key: key } }),
  });
  assert.equal(auth.status, 200, 'the same key is accepted');
  const continued = await contactsPage(second.bridgeUrl, key, offset);
  assert.equal(continued.status, 200, JSON.stringify(continued.body));
  assert.deepEqual(continued.body, (await contactsPage(first.bridge.bridgeUrl, key, offset)).body, 'the sync continues where the first install left it');
  // And back: a next_offset the second install gave is accepted by the first (Talkdesk may reach either through one domain).
  const fromSecond = continued.body.next_offset as string;
  assert.ok(fromSecond && fromSecond !== offset);
  const back = await contactsPage(first.bridge.bridgeUrl, key, fromSecond);
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.deepEqual(back.body, (await contactsPage(second.bridgeUrl, key, fromSecond)).body, 'the first install continues where the second left it');
});

test('a wrong passphrase, a changed bundle, a short passphrase and an existing profile are refused with what to do', async () => {
  const wrong = await runCli(['import', bundle, '--data-dir', secondDir.path, '--replace'], { env: MASTER_B, input: 'not the passphrase at all\n' });
  assert.equal(wrong.code, 2);
  assert.match(wrong.lines[0].message, /passphrase does not open this bundle/);
  const envelope = JSON.parse(readFileSync(bundle, 'utf8'));
  envelope.ciphertext = `A${envelope.ciphertext.slice(1)}`;
  const changed = path.join(work.path, 'changed.bundle');
  writeFileSync(changed, JSON.stringify(envelope));
  const tampered = await runCli(['import', changed, '--data-dir', secondDir.path, '--replace'], { env: MASTER_B, input: `${PASSPHRASE}\n` });
  assert.match(tampered.lines[0].message, /file was changed/);
  const short = await runCli(['export', '--out', path.join(work.path, 'short.bundle'), '--data-dir', first.dataDir], { env: MASTER_A, input: 'short\n' });
  assert.match(short.lines[0].message, /at least 12 characters/);
  const existing = await runCli(['import', bundle, '--data-dir', secondDir.path], { env: MASTER_B, input: `${PASSPHRASE}\n` });
  assert.match(existing.lines[0].message, /exists already; add --replace/);
  const again = await runCli(['export', '--out', bundle, '--data-dir', first.dataDir], { env: MASTER_A, input: `${PASSPHRASE}\n` });
  assert.match(again.lines[0].message, /exists already; choose another name or add --force/);
});
