// The bridge supervisor with a fake utility process: start, ready, restart with backoff, graceful and forced stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { BridgeSupervisor, STOP_MESSAGE, type BridgeChild, type SupervisorEvent } from '../../main/bridge-supervisor.js';
import { FakeClock, FakeUtilityProcess, type FakeBridgeChild } from '../support/fake-electron.js';

const BACKOFF = { initialMs: 1000, maxMs: 8000, stableMs: 60_000 };

function setUp(platform: NodeJS.Platform = 'linux') {
  const utilityProcess = new FakeUtilityProcess();
  const clock = new FakeClock();
  const forceKilled: BridgeChild[] = [];
  const supervisor = new BridgeSupervisor({
    utilityProcess, clock, platform,
    entry: '/app/dist/bridge/cli.js',
    dataDir: '/home/office/.config/Deskbridge/data',
    env: { DESKBRIDGE_MASTER_KEY: 'ab'.repeat(32) },
    forceKill: (child) => { forceKilled.push(child); (child as FakeBridgeChild).exit(137); },
    stderr: new PassThrough(),
    readyTimeoutMs: 30_000,
    stopTimeoutMs: 15_000,
    backoff: BACKOFF,
  });
  const events: SupervisorEvent[] = [];
  supervisor.onEvent((event) => events.push(event));
  /** Resolves with the next event that matches. */
  const next = (match: (event: SupervisorEvent) => boolean) => new Promise<SupervisorEvent>((resolve) => {
    const off = supervisor.onEvent((event) => { if (match(event)) { off(); resolve(event); } });
  });
  const child = (index: number): FakeBridgeChild => {
    const found = utilityProcess.children[index];
    assert.ok(found, `bridge #${index} was not started`);
    return found;
  };
  return { utilityProcess, clock, supervisor, events, next, child, forceKilled };
}

async function startReady(rig: ReturnType<typeof setUp>, index: number): Promise<void> {
  const ready = rig.next((event) => event.event === 'ready');
  rig.child(index).printReady();
  await ready;
}

test('starts the bridge as the contract says and reports running once it prints ready', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const bridge = rig.child(0);
  assert.equal(bridge.modulePath, '/app/dist/bridge/cli.js');
  assert.deepEqual(bridge.args, ['serve', '--data-dir', '/home/office/.config/Deskbridge/data', '--admin-port', '0', '--public-port', '0']);
  assert.equal(bridge.env?.DESKBRIDGE_MASTER_KEY, 'ab'.repeat(32));
  assert.equal(rig.supervisor.currentPhase, 'starting');
  bridge.stdout.write('not json at all\n{"event":"mystery"}\n');
  await startReady(rig, 0);
  assert.equal(rig.supervisor.currentPhase, 'running');
  const ready = rig.events.find((event) => event.event === 'ready');
  assert.equal(ready?.event === 'ready' && ready.adminUrl, `http://127.0.0.1:${4100 + bridge.pid}/?token=t${bridge.pid}`);
});

test('restarts a bridge that dies, waiting longer after each failure up to the cap', async () => {
  const rig = setUp();
  rig.supervisor.start();
  await startReady(rig, 0);
  const delays: number[] = [];
  for (let failure = 0; failure < 5; failure++) {
    const restarting = rig.next((event) => event.event === 'phase' && event.phase === 'restarting');
    rig.child(failure).exit(1);
    const event = await restarting;
    assert.ok(event.event === 'phase' && event.restartInMs !== undefined);
    delays.push(event.restartInMs);
    rig.clock.advance(event.restartInMs - 1);
    assert.equal(rig.utilityProcess.children.length, failure + 1, 'no restart before the backoff has passed');
    rig.clock.advance(1);
    assert.equal(rig.utilityProcess.children.length, failure + 2);
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
  const exits = rig.events.filter((event) => event.event === 'exit');
  assert.ok(exits.every((event) => event.event === 'exit' && !event.expected));
});

test('a bridge that ran stably before dying is restarted after the shortest wait again', async () => {
  const rig = setUp();
  rig.supervisor.start();
  rig.child(0).exit(1);
  rig.clock.advance(1000);
  rig.child(1).exit(1);
  rig.clock.advance(2000);
  await startReady(rig, 2);
  rig.clock.advance(BACKOFF.stableMs);
  const restarting = rig.next((event) => event.event === 'phase' && event.phase === 'restarting');
  rig.child(2).exit(1);
  const event = await restarting;
  assert.equal(event.event === 'phase' && event.restartInMs, 1000);
});

test('stop sends SIGTERM, waits for the bridge to finish, and does not restart it', async () => {
  const rig = setUp();
  rig.supervisor.start();
  await startReady(rig, 0);
  let stopped = false;
  const stopping = rig.supervisor.stop().then(() => { stopped = true; });
  assert.deepEqual(rig.child(0).signals, ['SIGTERM']);
  assert.equal(rig.supervisor.currentPhase, 'stopping');
  await Promise.resolve();
  assert.equal(stopped, false, 'stop waits for in-flight work (the exit)');
  rig.child(0).exit(0);
  await stopping;
  assert.equal(rig.supervisor.currentPhase, 'stopped');
  rig.clock.advance(60_000);
  assert.equal(rig.utilityProcess.children.length, 1);
  assert.equal(rig.forceKilled.length, 0);
  assert.ok(rig.events.some((event) => event.event === 'exit' && event.expected && event.code === 0));
});

test('stop ends a bridge by force when it ignores SIGTERM past the grace period', async () => {
  const rig = setUp();
  rig.supervisor.start();
  await startReady(rig, 0);
  const stopping = rig.supervisor.stop();
  rig.clock.advance(14_999);
  assert.equal(rig.forceKilled.length, 0);
  rig.clock.advance(1);
  await stopping;
  assert.deepEqual(rig.forceKilled, [rig.child(0)]);
  assert.equal(rig.utilityProcess.children.length, 1);
});

test('on Windows, stop asks by message (kill() would terminate at once)', async () => {
  const rig = setUp('win32');
  rig.supervisor.start();
  await startReady(rig, 0);
  const stopping = rig.supervisor.stop();
  assert.deepEqual(rig.child(0).messages, [STOP_MESSAGE]);
  assert.deepEqual(rig.child(0).signals, []);
  rig.child(0).exit(0);
  await stopping;
});

test('stop during a backoff wait cancels the restart', async () => {
  const rig = setUp();
  rig.supervisor.start();
  rig.child(0).exit(1);
  assert.equal(rig.supervisor.currentPhase, 'restarting');
  await rig.supervisor.stop();
  rig.clock.advance(60_000);
  assert.equal(rig.utilityProcess.children.length, 1);
  assert.equal(rig.supervisor.currentPhase, 'stopped');
});

test('a bridge that never reports ready is ended and restarted', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const timeout = rig.next((event) => event.event === 'error');
  rig.clock.advance(30_000);
  const event = await timeout;
  assert.equal(event.event === 'error' && event.code, 'bridge_ready_timeout');
  assert.deepEqual(rig.forceKilled, [rig.child(0)]);
  rig.clock.advance(1000);
  assert.equal(rig.utilityProcess.children.length, 2);
});

test('a start error line is passed on with its code and message', async () => {
  const rig = setUp();
  rig.supervisor.start();
  const error = rig.next((event) => event.event === 'error');
  rig.child(0).print({ event: 'error', code: 'profile_invalid', message: 'The profile has an unknown dialect.' });
  const event = await error;
  assert.deepEqual(event, { event: 'error', code: 'profile_invalid', message: 'The profile has an unknown dialect.' });
});
