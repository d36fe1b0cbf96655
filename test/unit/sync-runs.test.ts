// Sync statistics are written in batches: pages recorded across several batches still sum to one row per run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openState } from '../../bridge/state/index.js';
import { makeTempDir } from '../support/temp-dir.js';

test('pages of a run recorded across batches add up, and the last one finishes the run', async () => {
  const temp = makeTempDir('deskbridge-runs-');
  const state = await openState(temp.path);
  try {
    const run = { id: 'run-1', integration: 'crm', kind: 'full' as const, startedAt: Date.now() - 1000 };
    const other = { ...run, id: 'run-2', kind: 'incremental' as const };
    state.syncRuns.recordPage(run, 500, false);
    state.syncRuns.recordPage(other, 20, true);
    const [beforeEnd] = (await state.syncRuns.list('crm')).filter((entry) => entry.id === 'run-1');
    assert.deepEqual({ pages: beforeEnd?.pages, rows: beforeEnd?.rows, finished: beforeEnd?.finishedAt }, { pages: 1, rows: 500, finished: undefined });
    state.syncRuns.recordPage(run, 500, false);
    state.syncRuns.recordPage(run, 123, true);
    const runs = await state.syncRuns.list('crm');
    const finished = runs.find((entry) => entry.id === 'run-1');
    assert.equal(finished?.pages, 3);
    assert.equal(finished?.rows, 1123);
    assert.ok(finished?.finishedAt && finished.durationMs !== undefined && finished.durationMs >= 1000);
    assert.deepEqual(runs.find((entry) => entry.id === 'run-2')?.rows, 20);
    assert.equal(runs.length, 2);
  } finally {
    await state.close();
    temp.remove();
  }
});

test('statistics still pending are written when the state is closed', async () => {
  const temp = makeTempDir('deskbridge-runs-');
  try {
    const state = await openState(temp.path);
    state.syncRuns.recordPage({ id: 'run-1', integration: 'crm', kind: 'full', startedAt: Date.now() }, 7, true);
    await state.close();
    const reopened = await openState(temp.path);
    assert.equal((await reopened.syncRuns.list('crm'))[0]?.rows, 7);
    await reopened.close();
  } finally {
    temp.remove();
  }
});
