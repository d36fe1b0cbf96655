// Calls to another thread or process: answers reach their call, errors keep their type, and no call waits on an end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError, PendingCalls, toCallError } from '../../connectors/index.js';
import { BridgeError, errorFromCall } from '../../bridge/errors.js';
import { withDeadline } from '../../bridge/deadline.js';

test('each answer reaches the call with its id, and an answer for a call already failed is dropped', async () => {
  const calls = new PendingCalls<string>();
  const sent: number[] = [];
  const first = calls.add((id) => sent.push(id));
  const second = calls.add((id) => sent.push(id));
  calls.settle({ id: sent[1]!, value: 'second' });
  calls.settle({ id: sent[0]!, value: 'first' });
  assert.deepEqual(await Promise.all([first, second]), ['first', 'second']);
  const failed = calls.add((id) => sent.push(id));
  calls.fail(sent[2]!, new Error('gone'));
  calls.settle({ id: sent[2]!, value: 'late' });
  await assert.rejects(failed, /gone/);
  assert.equal(calls.size, 0);
});

test('past its deadline a call is handed to the owner, who fails it or every call with the process it ends', async () => {
  const calls = new PendingCalls<string>();
  const waiting = calls.add(() => {});
  const late = calls.add(() => {}, { ms: 1, onDeadline: () => calls.failAll(new ConnectorError('db_timeout', 'no answer')) });
  await assert.rejects(late, { code: 'db_timeout' });
  await assert.rejects(waiting, { code: 'db_timeout' });
});

test('errors cross in one shape: bridge and connector errors keep their code, retry hint and details; others keep their words', () => {
  const bridge = errorFromCall(toCallError(new BridgeError('rate_limited', 'Too many tries.', { retryAfterSeconds: 30, details: { source: 'x' } })));
  assert.ok(bridge instanceof BridgeError);
  assert.deepEqual([bridge.code, bridge.message, bridge.retryAfterSeconds, bridge.details], ['rate_limited', 'Too many tries.', 30, { source: 'x' }]);
  const connector = errorFromCall(toCallError(new ConnectorError('db_unavailable', 'Down.')));
  assert.ok(connector instanceof ConnectorError);
  assert.equal(connector.code, 'db_unavailable');
  const other = errorFromCall(toCallError(Object.assign(new Error('disk full'), { code: 'ENOSPC' })));
  assert.ok(!(other instanceof BridgeError) && !(other instanceof ConnectorError));
  assert.equal(other.message, 'disk full');
});

test('withDeadline gives the work when it settles in time, and the fallback once it is late', async () => {
  assert.equal(await withDeadline(Promise.resolve('work'), 1000, () => 'late'), 'work');
  await assert.rejects(withDeadline(Promise.reject(new Error('failed')), 1000, () => 'late'), /failed/);
  let forced = false;
  const never = new Promise<string>(() => {});
  assert.equal(await withDeadline(never, 1, () => { forced = true; return 'late'; }), 'late');
  assert.ok(forced);
});
