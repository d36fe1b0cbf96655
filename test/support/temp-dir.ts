// Temporary directories for tests, removed when the test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDir(prefix = 'deskbridge-'): { path: string; remove(): void } {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
