// The bridge's own files (state database, master key, logs) are refused as a SQLite source however they are named;
// the demo database it creates there stays usable.
import assert from 'node:assert/strict';
import { linkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startBridge } from '../../bridge/bridge.js';
import { silentLogger } from '../../bridge/logger.js';
import { defaultProfilePath } from '../../bridge/paths.js';
import { saveProfile } from '../../bridge/profile/store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
const outside = makeTempDir('deskbridge-outside-');
let names: Record<string, string>;
before(async () => {
  bridge = await startAdminBridge();
  names = stateNames();
});
after(async () => {
  await bridge.close();
  outside.remove();
});

/** The names under which the state database can be reached: directly, by a detour, a symlink and a hard link. */
function stateNames(): Record<string, string> {
  const state = path.join(bridge.dataDir, 'state.sqlite');
  const link = path.join(outside.path, 'linked-folder');
  symlinkSync(bridge.dataDir, link, 'dir');
  const hardLink = path.join(outside.path, 'crm.sqlite');
  linkSync(state, hardLink);
  return {
    direct: state,
    detour: path.join(bridge.dataDir, 'logs', '..', 'state.sqlite'),
    'symlinked folder': path.join(link, 'state.sqlite'),
    'hard link': hardLink,
    'master key': path.join(bridge.dataDir, 'master.key'),
  };
}

test('saving a profile whose SQLite source is one of the data directory\'s files is refused, whatever the name', async () => {
  const current = (await bridge.admin('GET', '/profile')).body;
  for (const [how, filename] of Object.entries(names)) {
    const profile = structuredClone(current);
    profile.integrations[0].connection.filename = filename;
    const answer = await bridge.admin('PUT', '/profile', profile);
    assert.equal(answer.status, 400, `${how}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, 'invalid_profile');
    assert.deepEqual(answer.body.error.fields[0].path, ['integrations', 0, 'connection', 'filename'], how);
    assert.match(answer.body.error.fields[0].message, /own data folder/, how);
    const validated = await bridge.admin('POST', '/profile/validate', profile);
    assert.equal(validated.body.ok, false, how);
  }
  assert.equal(bridge.bridge.context.profile().integrations[0]!.connection.filename, demoConnection(bridge).filename, 'the profile did not change');
});

test('the wizard cannot test, list or describe the data directory\'s files', async () => {
  for (const [how, filename] of Object.entries(names)) {
    const connection = { dialect: 'sqlite', filename };
    const tested = await bridge.admin('POST', '/connection/test', { integration: 'office', connection });
    assert.equal(tested.status, 400, `${how}: ${JSON.stringify(tested.body)}`);
    assert.match(tested.body.error.message, /own data folder/);
    const tables = await bridge.admin('POST', '/introspect/tables', { connection });
    assert.equal(tables.status, 400, how);
    assert.ok(!JSON.stringify(tables.body).includes('api_keys'), `${how}: the state database's tables were listed`);
  }
});

test('the demo database in the data directory stays a valid source', async () => {
  const answer = await bridge.admin('POST', '/connection/test', { integration: 'office', connection: demoConnection(bridge) });
  assert.equal(answer.body.ok, true, JSON.stringify(answer.body));
});

test('a bridge whose profile reads its own state database does not start', async () => {
  const dataDir = makeTempDir();
  try {
    const env = { ...process.env, DESKBRIDGE_MASTER_KEY: 'b'.repeat(64) };
    // A first start creates the state database; the profile then points at it.
    const first = await startBridge({ dataDir: dataDir.path, logger: silentLogger(), env, tunnel: false });
    await first.close();
    const profile = first.context.profile();
    await saveProfile(defaultProfilePath(dataDir.path), {
      ...profile, integrations: [{ ...profile.integrations[0]!, connection: { ...profile.integrations[0]!.connection, filename: path.join(dataDir.path, 'state.sqlite') } }],
    });
    await assert.rejects(startBridge({ dataDir: dataDir.path, logger: silentLogger(), env, tunnel: false }),
      (error: Error & { code?: string }) => error.code === 'invalid_profile' && /own data folder/.test(error.message));
  } finally {
    dataDir.remove();
  }
});
