// The update policy against a loopback update server: daily checks, background download, install only when chosen and idle,
// no downgrade, and failed, partial or corrupt downloads that install nothing and are tried again the next day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUSY_RETRY_MS, DAY_MS, FIRST_CHECK_MS, SILENT_TRIES_BEFORE_INSTALL, UpdatePolicy, untilLocalTime, type InstallWhen, type UpdateState } from '../../main/update-policy.js';
import { installWhenFrom } from '../../main/updates.js';
import { FakeClock } from '../support/fake-electron.js';
import { FakeUpdaterOverHttp } from '../support/fake-updater.js';

type Serving = 'good' | 'partial' | 'corrupt' | 'missing' | 'older';
const INSTALLER = Buffer.alloc(256 * 1024, 7);
const NAME = 'Deskbridge-Setup-0.2.0.exe';

/** An update server: latest.yml and the installer, or the fault the test chose. */
async function updateServer() {
  const server = { mode: 'good' as Serving };
  const http = createServer((request, response) => {
    if (request.url === '/latest.yml') {
      const version = server.mode === 'older' ? '0.0.9' : '0.2.0';
      const sha512 = createHash('sha512').update(INSTALLER).digest('base64');
      response.end(`version: ${version}\nfiles:\n  - url: ${NAME}\n    sha512: ${sha512}\n    size: ${INSTALLER.length}\npath: ${NAME}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`);
    } else if (request.url === `/${NAME}`) {
      if (server.mode === 'missing') { response.statusCode = 404; response.end(); return; }
      response.setHeader('Content-Length', INSTALLER.length);
      if (server.mode === 'partial') { response.write(INSTALLER.subarray(0, 1000), () => response.destroy()); return; }
      response.end(server.mode === 'corrupt' ? Buffer.alloc(INSTALLER.length, 9) : INSTALLER);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return Object.assign(server, { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`, close: () => http.close() });
}

function setUp(feed: string, installWhen: InstallWhen) {
  const clock = new FakeClock();
  const updater = new FakeUpdaterOverHttp(feed);
  // Calls the bridge answers now; undefined: it does not answer.
  let calls: number | undefined = 0;
  const waiters: Array<{ match: (state: UpdateState) => boolean; resolve: (state: UpdateState) => void }> = [];
  const policy = new UpdatePolicy({
    updater, clock, currentVersion: '0.1.0', installWhen,
    callsInFlight: async () => calls,
    onState: (state) => {
      for (const waiter of waiters.filter((entry) => entry.match(state))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(state);
      }
    },
  });
  const until = (name: UpdateState['state']) => new Promise<UpdateState>((resolve) => waiters.push({ match: (state) => state.state === name, resolve }));
  return { clock, updater, policy, until, setCalls: (value: number | undefined) => { calls = value; } };
}

test('it checks a few minutes after start and then daily, downloads in the background and installs at the next restart', async (t) => {
  const server = await updateServer();
  t.after(() => server.close());
  const rig = setUp(server.url, { kind: 'on_restart' });
  assert.equal(rig.updater.autoDownload, false, 'the policy decides when to download');
  assert.equal(rig.updater.allowDowngrade, false);
  assert.equal(rig.updater.autoInstallOnAppQuit, true);
  rig.policy.start();
  assert.deepEqual(rig.clock.pendingDelays(), [FIRST_CHECK_MS]);
  const downloaded = rig.until('downloaded');
  rig.clock.advance(FIRST_CHECK_MS);
  assert.deepEqual(await downloaded, { state: 'downloaded', version: '0.2.0', installsAt: 'restart' });
  assert.deepEqual(rig.updater.downloads, [NAME]);
  assert.deepEqual(rig.updater.installs, [], 'nothing installs before the app restarts');
  assert.deepEqual(rig.clock.pendingDelays(), [DAY_MS], 'the next check is a day later');
});

test('at the time the admin chose it installs, but waits while a call is being served', async (t) => {
  const server = await updateServer();
  t.after(() => server.close());
  const rig = setUp(server.url, { kind: 'at_time', hour: 3, minute: 0 });
  const downloaded = rig.until('downloaded');
  await rig.policy.checkNow();
  const state = await downloaded;
  const wait = untilLocalTime(rig.clock.now(), 3, 0);
  assert.equal(state.state === 'downloaded' && state.installsAt, rig.clock.now() + wait);
  assert.ok(rig.clock.pendingDelays().includes(wait));

  rig.setCalls(1);
  const postponed = rig.until('install_postponed');
  rig.clock.advance(wait);
  assert.deepEqual(await postponed, { state: 'install_postponed', version: '0.2.0', retryAt: rig.clock.now() + BUSY_RETRY_MS, reason: 'serving_call' });
  assert.deepEqual(rig.updater.installs, [], 'not while a call is being served');
  rig.setCalls(0);
  const installing = rig.until('installing');
  rig.clock.advance(BUSY_RETRY_MS);
  await installing;
  assert.deepEqual(rig.updater.installs, [{ silent: true, runAfter: true }]);
});

test('a bridge that does not answer delays the timed install for a while, not for ever; an answer starts the count again', async (t) => {
  const server = await updateServer();
  t.after(() => server.close());
  const rig = setUp(server.url, { kind: 'at_time', hour: 3, minute: 0 });
  const downloaded = rig.until('downloaded');
  await rig.policy.checkNow();
  await downloaded;
  /** Lets the next try run and returns what it decided. */
  const nextTry = async (ms: number) => {
    const decided = Promise.race([rig.until('install_postponed'), rig.until('installing')]);
    rig.clock.advance(ms);
    return decided;
  };

  rig.setCalls(undefined);
  const first = await nextTry(untilLocalTime(rig.clock.now(), 3, 0));
  assert.equal(first.state === 'install_postponed' && first.reason, 'bridge_silent', 'a silent bridge may be busy: the install waits');
  for (let tries = 2; tries < SILENT_TRIES_BEFORE_INSTALL; tries += 1) assert.equal((await nextTry(BUSY_RETRY_MS)).state, 'install_postponed');
  rig.setCalls(2);
  const serving = await nextTry(BUSY_RETRY_MS);
  assert.equal(serving.state === 'install_postponed' && serving.reason, 'serving_call');
  rig.setCalls(undefined);
  for (let tries = 1; tries < SILENT_TRIES_BEFORE_INSTALL; tries += 1) assert.equal((await nextTry(BUSY_RETRY_MS)).state, 'install_postponed', `silent try ${tries} after an answer`);
  assert.deepEqual(rig.updater.installs, [], 'each answer starts the count again');

  assert.equal((await nextTry(BUSY_RETRY_MS)).state, 'installing', 'a bridge silent ten tries in a row serves no call');
  assert.deepEqual(rig.updater.installs, [{ silent: true, runAfter: true }]);
});

test('an older version on the server is never installed', async (t) => {
  const server = await updateServer();
  t.after(() => server.close());
  server.mode = 'older';
  const rig = setUp(server.url, { kind: 'on_restart' });
  const upToDate = rig.until('up_to_date');
  await rig.policy.checkNow();
  assert.deepEqual(await upToDate, { state: 'up_to_date', offered: '0.0.9' });
  assert.deepEqual(rig.updater.downloads, []);
});

for (const [mode, reason] of [['partial', /terminated|Size mismatch|other side closed/i], ['corrupt', /sha512 checksum mismatch/], ['missing', /status 404/]] as const) {
  test(`a ${mode} download installs nothing and is tried again the next day`, async (t) => {
    const server = await updateServer();
    t.after(() => server.close());
    server.mode = mode;
    const rig = setUp(server.url, { kind: 'at_time', hour: 3, minute: 0 });
    rig.policy.start();
    const failed = rig.until('failed');
    rig.clock.advance(FIRST_CHECK_MS);
    const state = await failed;
    assert.ok(state.state === 'failed');
    assert.match(state.message, reason);
    assert.equal(state.retryAt, rig.clock.now() + DAY_MS);
    assert.deepEqual([rig.updater.downloads, rig.updater.installs], [[], []]);
    assert.deepEqual(rig.clock.pendingDelays(), [DAY_MS], 'the next check is a day later');

    server.mode = 'good';
    const downloaded = rig.until('downloaded');
    rig.clock.advance(DAY_MS);
    await downloaded;
    assert.deepEqual(rig.updater.downloads, [NAME]);
  });
}

test('the install time comes from the shell settings: the next restart, or a local time of day', () => {
  assert.deepEqual(installWhenFrom('restart'), { kind: 'on_restart' });
  assert.deepEqual(installWhenFrom('03:30'), { kind: 'at_time', hour: 3, minute: 30 });
});
