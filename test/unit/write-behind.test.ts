import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteBehind } from '../../bridge/state/write-behind.js';

test('a batch that cannot be written is reported, kept and written with the next one, in order', async () => {
  const stored: number[] = [];
  const failures: Array<{ waiting: number; dropped: number }> = [];
  let failing = true;
  const batches = new WriteBehind<number>(async (batch) => {
    if (failing) throw new Error('database or disk is full');
    stored.push(...batch);
  }, 10_000, (_error, waiting, dropped) => failures.push({ waiting, dropped }));
  batches.add(1);
  batches.add(2);
  await batches.flush();
  assert.deepEqual(stored, []);
  assert.deepEqual(failures, [{ waiting: 2, dropped: 0 }]);
  failing = false;
  batches.add(3);
  await batches.flush();
  assert.deepEqual(stored, [1, 2, 3]);
});

test('past the bound, the oldest waiting records are dropped and the count is reported', async () => {
  const failures: Array<{ waiting: number; dropped: number }> = [];
  const stored: number[] = [];
  let failing = true;
  const batches = new WriteBehind<number>(async (batch) => {
    if (failing) throw new Error('database is locked');
    stored.push(...batch);
  }, 10_000, (_error, waiting, dropped) => failures.push({ waiting, dropped }), 3);
  for (const item of [1, 2]) batches.add(item);
  await batches.flush();
  for (const item of [3, 4, 5]) batches.add(item);
  await batches.flush();
  assert.deepEqual(failures, [{ waiting: 2, dropped: 0 }, { waiting: 3, dropped: 2 }]);
  failing = false;
  await batches.flush();
  assert.deepEqual(stored, [3, 4, 5], 'the newest records survive');
});
