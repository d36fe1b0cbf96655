// Crash reports stay on this computer, in the data folder the diagnostics bundle reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createAdminClient } from '../../main/admin-client.js';
import { keepCrashReportsLocal } from '../../main/crash-reports.js';
import { FakeCrashReporter } from '../support/fake-electron.js';

test('the crash reporter starts with uploads off and writes its dumps into DATA_DIR/crashes', () => {
  const paths = new Map<string, string>();
  const crashReporter = new FakeCrashReporter();
  const directory = keepCrashReportsLocal({ app: { setPath: (name, value) => void paths.set(name, value) }, crashReporter }, '/data');
  assert.equal(directory, path.join('/data', 'crashes'));
  assert.equal(paths.get('crashDumps'), directory);
  assert.equal(crashReporter.started.length, 1);
  assert.equal(crashReporter.started[0]?.uploadToServer, false);
  assert.equal(crashReporter.started[0]?.submitURL, undefined, 'nowhere to upload to');
});

test('the shell asks the admin API for a bundle with its token and reads where it was written', async () => {
  const requests: Array<{ url: string; method?: string; authorization?: string }> = [];
  const client = createAdminClient('http://127.0.0.1:4100/?token=abc', async (url, init) => {
    requests.push({ url, method: init?.method, authorization: init?.headers?.authorization });
    return { ok: true, status: 201, json: async () => ({ file: '/data/diagnostics/b.zip', name: 'b.zip', bytes: 10 }), arrayBuffer: async () => new ArrayBuffer(0) };
  });
  assert.deepEqual(await client.createDiagnostics(), { file: '/data/diagnostics/b.zip', name: 'b.zip', bytes: 10 });
  assert.deepEqual(requests, [{ url: 'http://127.0.0.1:4100/api/diagnostics', method: 'POST', authorization: 'Bearer abc' }]);
});
