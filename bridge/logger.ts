// Structured logging (pino) to standard error and, when serving, rotated files in the data directory; credentials redacted.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import type { SonicBoom } from 'sonic-boom';

export type { Logger } from 'pino';

const REDACT = [
  'password', '*.password', 'auth', '*.auth', 'req.body.auth', 'body.auth', 'key', 'apiKey', '*.apiKey',
  'headers.authorization', 'headers["x-api-key"]', 'req.headers.authorization', 'req.headers["x-api-key"]',
];

/** How much log a process keeps: files of at most `size` (pino-roll units: '10m', '512k'), `count` of them besides the current one. */
export interface LogLimits { size: string; count: number }

/** 10 MB a file, 5 old files kept: at most 60 MB of log per process, about weeks of a busy bridge at `info`. */
export const DEFAULT_LOG_LIMITS: LogLimits = { size: '10m', count: 5 };

/** The folder holding every log file: DATA_DIR/logs, or DESKBRIDGE_LOG_DIR (a service logs where its platform expects). */
export function logDirectory(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.DESKBRIDGE_LOG_DIR ? path.resolve(env.DESKBRIDGE_LOG_DIR) : path.join(dataDir, 'logs');
}

/**
 * A file stream in DIRECTORY named NAME.N.log that starts NAME.N+1.log when the current one reaches the size
 * limit and deletes the oldest beyond the count, including files left by earlier runs (pino-roll).
 */
export async function openRollingFile(directory: string, name: string, limits: LogLimits = DEFAULT_LOG_LIMITS): Promise<SonicBoom> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return pinoRoll({
    file: path.join(directory, name), extension: '.log', size: limits.size,
    limit: { count: limits.count, removeOtherLogFiles: true }, mkdir: true, sync: false,
    // Owner-only, like every file of the data directory (state/data-dir.ts).
    mode: 0o600,
  });
}

/**
 * A logger writing JSON lines to stderr (stdout is reserved for CLI events) and, when a data directory is given,
 * to logs/FILE.N.log (FILE is `bridge` unless told: each process writing logs needs a name of its own).
 */
export async function openLogger(options: { dataDir?: string; level?: string; file?: string; limits?: LogLimits } = {}): Promise<Logger> {
  const level = (options.level ?? process.env.DESKBRIDGE_LOG_LEVEL ?? 'info') as pino.Level;
  // DESKBRIDGE_LOG_STDERR=off where standard error goes to a file nothing rotates (a launchd service): the rotated file has it all.
  const streams: pino.StreamEntry[] = process.env.DESKBRIDGE_LOG_STDERR === 'off' ? [] : [{ level, stream: pino.destination({ fd: 2, sync: false }) }];
  if (options.dataDir) {
    const file = options.file ?? 'bridge';
    const stream = await openRollingFile(path.join(logDirectory(options.dataDir), path.dirname(file)), path.basename(file), options.limits);
    streams.push({ level, stream });
  }
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'deskbridge' } }, pino.multistream(streams));
}

/** A logger that drops everything (tests, one-shot CLI commands). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
