// A bridge's data directory is its owner's alone: created so on a first start, repaired with an alert on a later one.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startBridge } from '../../bridge/bridge.js';
import { openLogger } from '../../bridge/logger.js';
import { makeTempDir } from '../support/temp-dir.js';

const env = { ...process.env, DESKBRIDGE_MASTER_KEY: 'c'.repeat(64) };
const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every file and folder in the data directory and its logs/, with its permissions. */
function modes(dataDir: string): Map<string, number> {
  const found = new Map<string, number>([[dataDir, modeOf(dataDir)]]);
  for (const folder of [dataDir, path.join(dataDir, 'logs')]) {
    for (const name of readdirSync(folder)) found.set(path.join(folder, name), modeOf(path.join(folder, name)));
  }
  return found;
}

async function startAndStop(dataDir: string) {
  const logger = await openLogger({ dataDir, level: 'info' });
  const bridge = await startBridge({ dataDir, logger, env, tunnel: false });
  // A call, so the state database has its -wal and -shm files while it runs.
  await fetch(`${bridge.bridgeUrl}/integrations/demo/auth`, { method: 'POST', body: '{}' });
  await bridge.context.requestLog.flush();
  const seen = modes(dataDir);
  await bridge.close();
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  return { bridge, seen };
}

test('a first start creates every file readable by its owner only, with nothing to report', { skip: process.platform === 'win32' && 'chmod means little on Windows' }, async () => {
  const temp = makeTempDir();
  try {
    const dataDir = path.join(temp.path, 'Deskbridge');
    const { bridge, seen } = await startAndStop(dataDir);
    assert.ok(seen.has(path.join(dataDir, 'state.sqlite-wal')) && seen.has(path.join(dataDir, 'logs', 'bridge.1.log')), [...seen.keys()].join(', '));
    for (const [file, mode] of seen) assert.equal(mode & 0o077, 0, `${file} is ${mode.toString(8)}`);
    assert.deepEqual(bridge.startAlerts, []);
  } finally {
    temp.remove();
  }
});

test('a data directory left readable by others is repaired at start, with an alert and a log line saying what changed', { skip: process.platform === 'win32' && 'chmod means little on Windows' }, async () => {
  const temp = makeTempDir();
  try {
    const dataDir = path.join(temp.path, 'Deskbridge');
    await startAndStop(dataDir);
    // As an older version or a copy left it.
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'logs'), 0o755);
    for (const name of ['state.sqlite', 'profile.json', 'logs/bridge.1.log']) chmodSync(path.join(dataDir, name), 0o644);
    const leftover = path.join(dataDir, 'profile.json.99999999.0a1b2c3d.tmp');
    writeFileSync(leftover, '{', { mode: 0o600 });

    const { bridge, seen } = await startAndStop(dataDir);
    for (const [file, mode] of seen) assert.equal(mode & 0o077, 0, `${file} is ${mode.toString(8)}`);
    assert.ok(!seen.has(leftover), 'the temporary file of an interrupted save was removed');
    const [alert] = bridge.startAlerts;
    assert.equal(alert?.event, 'alert');
    assert.equal(alert?.code, 'data_dir_permissions');
    assert.match(String(alert?.message), /state\.sqlite 0644 -> 0600/);
    assert.match(String(alert?.message), /bridge\.1\.log 0644 -> 0600/);
    const log = readdirSync(path.join(dataDir, 'logs')).filter((name) => name.endsWith('.log'))
      .map((name) => readFileSync(path.join(dataDir, 'logs', name), 'utf8')).join('');
    assert.match(log, /"level":40.*Other users could read files of the data folder/);
  } finally {
    temp.remove();
  }
});
