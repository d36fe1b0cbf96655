// The bridge's log files stay within their size and count limits, across restarts, and keep the newest lines.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openRollingFile } from '../../bridge/logger.js';
import { makeTempDir } from '../support/temp-dir.js';

test('the log rolls over at its size limit and keeps only the newest files, including those of an earlier run', async (t) => {
  const directory = makeTempDir();
  t.after(() => directory.remove());
  // Files earlier runs left behind, which the limit must also count (a new run appends to the newest).
  for (const old of ['bridge.1.log', 'bridge.2.log']) writeFileSync(path.join(directory.path, old), `${JSON.stringify({ line: 0 })}\n`);
  const stream = await openRollingFile(directory.path, 'bridge', { size: '1k', count: 2 });
  const logger = pino(stream);
  const padding = 'x'.repeat(1500);
  for (let line = 1; line <= 8; line += 1) {
    // Each line is over the 1 KB limit, so each one ends its file; wait until the old files are removed.
    const cleaned = once(stream, 'cleanup-complete');
    logger.info({ line, padding }, 'a long line');
    await cleaned;
  }
  logger.info({ line: 9 }, 'the last line');
  const closed = once(stream, 'close');
  stream.end();
  await closed;

  const files = readdirSync(directory.path).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  assert.equal(files.length, 3, `the current file and two old ones are kept: ${files.join(', ')}`);
  for (const file of files) assert.match(file, /^bridge\.\d+\.log$/);
  assert.ok(!files.includes('bridge.1.log') && !files.includes('bridge.2.log'), 'the earlier runs\' files are removed');
  for (const file of files) assert.ok(statSync(path.join(directory.path, file)).size < 2048, `${file} stays near the limit`);
  const lines = files.flatMap((file) => readFileSync(path.join(directory.path, file), 'utf8').trim().split('\n'))
    .map((line) => (JSON.parse(line) as { line: number }).line);
  assert.deepEqual(lines, [7, 8, 9], 'the newest lines are the ones kept, in order');
});
