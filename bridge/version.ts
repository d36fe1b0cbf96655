// Deskbridge's own version, read once from package.json (beside dist/ when built, the repository root from sources).
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'deskbridge' && manifest.version) return manifest.version;
    } catch { /* try the next place */ }
  }
  return '0.0.0';
}

export const DESKBRIDGE_VERSION = readVersion();
