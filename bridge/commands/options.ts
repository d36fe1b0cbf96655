// Options every command takes: --data-dir and --profile, with the OS defaults.
import path from 'node:path';
import { BridgeError } from '../errors.js';
import { defaultDataDir, defaultProfilePath } from '../paths.js';

export interface CommonOptions { dataDir: string; profilePath: string }

export const COMMON_FLAGS = {
  'data-dir': { type: 'string' },
  profile: { type: 'string' },
} as const;

export function commonOptions(values: { 'data-dir'?: string; profile?: string }): CommonOptions {
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  return { dataDir, profilePath: values.profile ? path.resolve(values.profile) : defaultProfilePath(dataDir) };
}

/** A whole number in range, or a usage error naming the flag. */
/** `--public-processes N`: 1 (the default) to 16 processes, or "auto" (one per core, at most 4). */
export function parseProcessCount(value: string | undefined, cores: number): number {
  if (value === undefined) return 1;
  if (value === 'auto') return Math.max(1, Math.min(cores, 4));
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 16) throw new BridgeError('invalid_argument', '--public-processes must be "auto" or a whole number from 1 to 16.');
  return count;
}

export function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BridgeError('invalid_argument', `--${flag} must be a port number from 0 to 65535.`);
  return port;
}

/** `--admin-token-sha256 HEX`: the SHA-256 of the desktop app's lasting admin token, 64 hexadecimal characters. */
export function parseTokenSha256(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9a-f]{64}$/i.test(value)) throw new BridgeError('invalid_argument', '--admin-token-sha256 must be 64 hexadecimal characters (the SHA-256 of the desktop app\'s token).');
  return value.toLowerCase();
}
