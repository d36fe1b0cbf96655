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

test('records the store refuses are dropped and counted, not tried again; the others are written', async () => {
  const stored: number[] = [];
  const failures: Array<{ waiting: number; dropped: number }> = [];
  const batches = new WriteBehind<number>(async (batch) => {
    stored.push(...batch.filter((item) => item >= 0));
    return batch.filter((item) => item < 0).map((item) => new Error(`record ${item} cannot be written`));
  }, 10_000, (_error, waiting, dropped) => failures.push({ waiting, dropped }));
  for (const item of [1, -1, 2, -2]) batches.add(item);
  await batches.flush();
  batches.add(3);
  await batches.flush();
  assert.deepEqual(stored, [1, 2, 3]);
  assert.deepEqual(failures, [{ waiting: 0, dropped: 2 }]);
  assert.equal(batches.dropped, 2);
});

test('while the store fails, memory stays bounded: the dropped records are counted', async () => {
  const batches = new WriteBehind<number>(async () => { throw new Error('disk I/O error'); }, 10_000, () => {}, 100);
  for (let round = 0; round < 5; round += 1) {
    for (let item = 0; item < 100; item += 1) batches.add(item);
    await batches.flush();
  }
  assert.equal(batches.dropped, 400);
});
