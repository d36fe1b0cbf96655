// The rule for identical action calls: remembered after an unknown or late outcome for a window, never after a prompt success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../connectors/index.js';
import { ActionOutcomes, LATE_SUCCESS_MS, REPEAT_WINDOW_MS, type ActionCall, type ExecuteAction } from '../../bridge/action-outcomes.js';
import { BridgeError } from '../../bridge/errors.js';

const call = (subject: string, contact = '7'): ActionCall => ({ integration: 'crm', action: 'log_call', meta: { contact_external_id: contact }, data: { subject } });

/** A fake clock: time moves only when the test says so. */
function clock() {
  let now = Date.parse('2026-01-05T10:00:00Z');
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** Counts the inserts it runs; each one's outcome is chosen by the test. */
function inserts(outcome: (count: number) => Promise<{ externalId?: string }>) {
  let count = 0;
  const execute: ExecuteAction = async (sending) => {
    sending();
    count += 1;
    return outcome(count);
  };
  return { execute, count: () => count };
}

const lost = () => Promise.reject(new ConnectorError('db_outcome_unknown', 'The database did not confirm the write; it may have been written.'));

test('after an unknown outcome an identical call is not applied again until the window has passed', async () => {
  const time = clock();
  const outcomes = new ActionOutcomes(time.now);
  const timing = () => ({ receivedAt: time.now(), answerBy: time.now() + 4000 });
  const runs = inserts((count) => (count === 1 ? lost() : Promise.resolve({ externalId: String(count) })));

  await assert.rejects(outcomes.run(call('hello'), timing(), runs.execute), (error: BridgeError) => error.code === 'outcome_unknown' && error.retryAfterSeconds === undefined);
  time.advance(REPEAT_WINDOW_MS - 1000);
  await assert.rejects(outcomes.run(call('hello'), timing(), runs.execute), (error: BridgeError) => error.code === 'outcome_unknown' && /not sent again/.test(error.message));
  assert.equal(runs.count(), 1);

  // Another call is applied at once; the same one again after the window.
  assert.deepEqual(await outcomes.run(call('hello', '8'), timing(), runs.execute), { result: { externalId: '2' } });
  time.advance(1000);
  assert.deepEqual(await outcomes.run(call('hello'), timing(), runs.execute), { result: { externalId: '3' } });
  assert.equal(runs.count(), 3);
});

test('a prompt success is not remembered; a late one is, and its repeat gets the same key', async () => {
  const time = clock();
  const outcomes = new ActionOutcomes(time.now);
  const runs = inserts((count) => Promise.resolve({ externalId: String(count) }));

  await outcomes.run(call('prompt'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, runs.execute);
  await outcomes.run(call('prompt'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, runs.execute);
  assert.equal(runs.count(), 2, 'two identical calls answered promptly are two rows, as asked');
  assert.equal(outcomes.size, 0);

  const receivedAt = time.now() - LATE_SUCCESS_MS - 1;
  assert.deepEqual(await outcomes.run(call('late'), { receivedAt, answerBy: time.now() + 4000 }, runs.execute), { result: { externalId: '3' } });
  assert.deepEqual(await outcomes.run(call('late'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, runs.execute), { result: { externalId: '3' }, repeated: true });
  assert.equal(runs.count(), 3);
});

test('a call out of time before its statement was sent invites a retry and is never sent afterwards', async () => {
  const time = clock();
  const outcomes = new ActionOutcomes(time.now);
  let connect!: () => void;
  const connected = new Promise<void>((resolve) => { connect = resolve; });
  let sendRefused: unknown;
  const execute: ExecuteAction = async (sending) => {
    await connected;
    try {
      sending();
    } catch (error) {
      sendRefused = error;
      throw error;
    }
    return { externalId: 'never' };
  };
  await assert.rejects(outcomes.run(call('slow pool'), { receivedAt: time.now(), answerBy: time.now() }, execute),
    (error: BridgeError) => error.code === 'deadline_exceeded' && error.retryAfterSeconds === 5);
  connect();
  await assert.rejects(outcomes.run(call('slow pool'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, execute));
  assert.ok(sendRefused instanceof ConnectorError, 'the statement was kept from leaving after the caller was answered');
});

test('a call sent but not answered by its deadline is unknown; an identical call meanwhile shares its outcome', async () => {
  const time = clock();
  const outcomes = new ActionOutcomes(time.now);
  let answer!: (value: { externalId: string }) => void;
  let count = 0;
  const execute: ExecuteAction = (sending) => {
    sending();
    count += 1;
    return new Promise((resolve) => { answer = resolve; });
  };
  await assert.rejects(outcomes.run(call('slow insert'), { receivedAt: time.now(), answerBy: time.now() }, execute),
    (error: BridgeError) => error.code === 'outcome_unknown' && error.retryAfterSeconds === undefined);
  const repeat = outcomes.run(call('slow insert'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, execute);
  answer({ externalId: '41' });
  assert.deepEqual(await repeat, { result: { externalId: '41' }, repeated: true });
  // Its success is now known: later repeats get it too, without a second insert.
  assert.deepEqual(await outcomes.run(call('slow insert'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, execute), { result: { externalId: '41' }, repeated: true });
  assert.equal(count, 1);
});

test('a call the database refused is forgotten: its retry is applied', async () => {
  const time = clock();
  const outcomes = new ActionOutcomes(time.now);
  const runs = inserts((count) => (count === 1 ? Promise.reject(new ConnectorError('db_query_failed', 'The database refused the query.')) : Promise.resolve({})));
  await assert.rejects(outcomes.run(call('bad'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, runs.execute), (error: ConnectorError) => error.code === 'db_query_failed');
  await outcomes.run(call('bad'), { receivedAt: time.now(), answerBy: time.now() + 4000 }, runs.execute);
  assert.equal(runs.count(), 2);
});
