// Structured logging (pino) to standard error and, when serving, a file in the data directory; credentials redacted.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { createOwnerOnlyFile } from './state/data-dir.js';

export type { Logger } from 'pino';

const REDACT = [
  'password', '*.password', 'auth', '*.auth', 'req.body.auth', 'body.auth', 'key', 'apiKey', '*.apiKey',
  'headers.authorization', 'headers["x-api-key"]', 'req.headers.authorization', 'req.headers["x-api-key"]',
];

/** A logger writing JSON lines to stderr (stdout is reserved for CLI events) and to logs/bridge.log when a data directory is given. */
export function createLogger(options: { dataDir?: string; level?: string } = {}): Logger {
  const level = options.level ?? process.env.DESKBRIDGE_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: pino.destination({ fd: 2, sync: false }) }];
  if (options.dataDir) {
    const directory = path.join(options.dataDir, 'logs');
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const file = path.join(directory, 'bridge.log');
    // pino would create it readable by everyone (0644 under the usual umask).
    createOwnerOnlyFile(file);
    streams.push({ level: level as pino.Level, stream: pino.destination({ dest: file, mkdir: true, sync: false }) });
  }
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'deskbridge' } }, pino.multistream(streams));
}

/** A logger that drops everything (tests, one-shot CLI commands). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
