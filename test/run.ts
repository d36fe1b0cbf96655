// Runs every test file under test/ (unit, api, contract, e2e) with Node's test runner; benchmarks are not tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const SUITES = ['unit', 'api', 'contract', 'e2e'];

function testFiles(directory: string): string[] {
  let entries: string[];
  try { entries = readdirSync(directory); } catch { return []; }
  return entries.sort().flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return testFiles(full);
    return entry.endsWith('.test.ts') ? [full] : [];
  });
}

const only = process.argv.slice(2);
const suites = only.length > 0 ? only : SUITES;
const files = suites.flatMap((suite) => testFiles(path.join(root, suite)));
if (files.length === 0) {
  process.stderr.write(`No test files found in ${suites.join(', ')}.\n`);
  process.exit(1);
}
// A test that hangs fails after 5 minutes instead of stalling the run (the slowest take about half a minute on a busy machine).
const TEST_TIMEOUT_MS = 300_000;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
