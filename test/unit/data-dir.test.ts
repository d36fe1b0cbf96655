// The data directory at start: looser permissions repaired and reported, master.key left to its own check, leftovers removed.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { describeDataDirCheck, secureDataDir } from '../../bridge/state/data-dir.js';
import { makeTempDir } from '../support/temp-dir.js';

const posix = process.platform !== 'win32';
const modeOf = (file: string) => `0${(statSync(file).mode & 0o777).toString(8)}`;
/** No process has this id: it is above Linux's highest pid_max. */
const GONE_PID = 99_999_999;

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

function write(file: string, mode: number): string {
  writeFileSync(file, 'x', { mode });
  chmodSync(file, mode);
  return file;
}

test('a data directory other users can read is made the owner\'s only, and every change is reported', { skip: !posix && 'chmod means little on Windows' }, async () => {
  temp = makeTempDir();
  const dataDir = path.join(temp.path, 'Deskbridge');
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  chmodSync(dataDir, 0o755);
  chmodSync(path.join(dataDir, 'logs'), 0o755);
  const files = ['state.sqlite', 'state.sqlite-wal', 'state.sqlite-shm', 'profile.json', 'demo-crm.sqlite'].map((name) => write(path.join(dataDir, name), 0o644));
  const log = write(path.join(dataDir, 'logs', 'bridge.log'), 0o640);
  const key = write(path.join(dataDir, 'master.key'), 0o644);
  const tight = write(path.join(dataDir, 'profile.json.123.0a1b2c3d.tmp'), 0o600);
  // In the desktop app the folder is Electron's userData too: its files are left to it.
  const electrons = write(path.join(dataDir, 'Preferences'), 0o644);

  const check = await secureDataDir(dataDir);
  assert.equal(modeOf(dataDir), '0700');
  assert.equal(modeOf(path.join(dataDir, 'logs')), '0700');
  for (const file of [...files, log]) assert.equal(modeOf(file), '0600', file);
  assert.equal(modeOf(key), '0644', 'master.key is refused by its own check, not quietly repaired');
  assert.equal(modeOf(electrons), '0644', 'a file that is not the bridge\'s is left alone');
  assert.deepEqual(check.repaired.map((repair) => repair.path).sort(), [dataDir, path.join(dataDir, 'logs'), ...files, log].sort());
  assert.ok(!check.repaired.some((repair) => repair.path === tight));
  assert.deepEqual(check.repaired.find((repair) => repair.path === log), { path: log, from: '0640', to: '0600' });
  assert.match(describeDataDirCheck(check) ?? '', /Other users could read files of the data folder.*state\.sqlite-wal 0644 -> 0600/);

  const again = await secureDataDir(dataDir);
  assert.equal(again.repaired.length, 0);
  assert.equal(describeDataDirCheck(again), undefined, 'nothing to say once repaired');
});

test('temporary files of interrupted profile saves are removed; one being written now is kept', async () => {
  temp = makeTempDir();
  const dataDir = temp.path;
  const elsewhere = path.join(temp.path, 'config');
  mkdirSync(elsewhere);
  const gone = write(path.join(dataDir, `profile.json.${GONE_PID}.0a1b2c3d.tmp`), 0o600);
  const goneElsewhere = write(path.join(elsewhere, `profile.json.${GONE_PID}.deadbeef.tmp`), 0o600);
  // Its writer (this test's parent) still runs: a save may be in progress.
  const live = write(path.join(dataDir, `profile.json.${process.ppid}.11112222.tmp`), 0o600);
  const oldLive = write(path.join(dataDir, `profile.json.${process.ppid}.33334444.tmp`), 0o600);
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(oldLive, hourAgo, hourAgo);
  const unrelated = write(path.join(dataDir, 'notes.tmp'), 0o600);
  const anotherProgram = write(path.join(elsewhere, `other.conf.${GONE_PID}.0a1b2c3d.tmp`), 0o600);

  const check = await secureDataDir(dataDir, { profilePath: path.join(elsewhere, 'profile.json') });
  assert.deepEqual(check.removedTemporaryFiles.sort(), [gone, goneElsewhere, oldLive].sort());
  for (const file of [gone, goneElsewhere, oldLive]) assert.equal(existsSync(file), false, file);
  for (const file of [live, unrelated, anotherProgram]) assert.equal(existsSync(file), true, file);
});

test('on Windows permissions are left to the folder\'s ACL; leftovers are still removed', async () => {
  temp = makeTempDir();
  const loose = write(path.join(temp.path, 'state.sqlite'), 0o644);
  const gone = write(path.join(temp.path, `profile.json.${GONE_PID}.0a1b2c3d.tmp`), 0o600);
  const check = await secureDataDir(temp.path, { platform: 'win32' });
  assert.deepEqual(check.repaired, []);
  if (posix) assert.equal(modeOf(loose), '0644');
  assert.deepEqual(check.removedTemporaryFiles, [gone]);
});
