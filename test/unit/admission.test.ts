import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission } from '../../bridge/admission.js';
import { toPublicError } from '../../bridge/errors.js';

test('at most `concurrency` run; waiters get slots in order as others finish', async () => {
  const admission = new Admission({ concurrency: 2, queue: 5, maxWaitMs: 10_000 });
  const first = await admission.acquire();
  const second = await admission.acquire();
  const order: number[] = [];
  const third = admission.acquire().then((release) => { order.push(3); return release; });
  const fourth = admission.acquire().then((release) => { order.push(4); return release; });
  assert.deepEqual(admission.load, { running: 2, waiting: 2 });
  first();
  first(); // a second release of the same slot changes nothing
  (await third)();
  second();
  (await fourth)();
  assert.deepEqual(order, [3, 4]);
  assert.deepEqual(admission.load, { running: 0, waiting: 0 });
});

test('a full queue refuses at once, and a long wait gives up, both as 503 with Retry-After', async () => {
  const admission = new Admission({ concurrency: 1, queue: 1, maxWaitMs: 50 });
  const held = await admission.acquire();
  const waiting = admission.acquire();
  await assert.rejects(admission.acquire(), (error: unknown) => {
    const answer = toPublicError(error);
    return answer.status === 503 && answer.body.error.code === 'overloaded' && answer.retryAfterSeconds === 1;
  });
  await assert.rejects(waiting, /busy/);
  assert.deepEqual(admission.load, { running: 1, waiting: 0 });
  held();
  assert.deepEqual(admission.load, { running: 0, waiting: 0 });
});

test('a caller that disconnects while queued gives its slot back when granted', async () => {
  const { EventEmitter } = await import('node:events');
  const { holdSlot } = await import('../../bridge/http/admission.js');
  const admission = new Admission({ concurrency: 1, queue: 5, maxWaitMs: 10_000 });
  const held = await admission.acquire();
  const response = new EventEmitter();
  const admitted = holdSlot(admission, response as never);
  response.emit('close');
  held();
  assert.equal(await admitted, false, 'the endpoint does not run for a caller that is gone');
  assert.deepEqual(admission.load, { running: 0, waiting: 0 }, 'the slot is free again');
});
