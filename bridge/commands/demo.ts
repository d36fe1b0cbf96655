// `deskbridge demo`: (re)creates the embedded demo CRM database, optionally large for benchmarks.
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDemoDatabase } from '../demo/demo-db.js';
import { BridgeError } from '../errors.js';
import { demoDatabasePath } from '../paths.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_FLAGS, contacts: { type: 'string' } } });
  const { dataDir } = commonOptions(values);
  const contacts = values.contacts === undefined ? 1200 : Number(values.contacts);
  if (!Number.isInteger(contacts) || contacts < 1 || contacts > 5_000_000) {
    throw new BridgeError('invalid_argument', '--contacts must be a whole number from 1 to 5000000.');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = demoDatabasePath(dataDir);
  const started = Date.now();
  createDemoDatabase(database, { contacts });
  emit({ database, contacts, seconds: (Date.now() - started) / 1000 });
  return 0;
}
