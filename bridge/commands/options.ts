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
export function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BridgeError('invalid_argument', `--${flag} must be a port number from 0 to 65535.`);
  return port;
}
