// The data directory's own files (state database, master key, profile, logs) are never a data source.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { demoDatabasePath } from '../paths.js';
import type { ConnectionSettings, Profile } from './schema.js';

interface Identity { dev: number; ino: number }

function identityOf(file: string): Identity | undefined {
  try {
    const { dev, ino } = statSync(file);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

/** The same file or folder, whatever the path that names it (links, case). Some filesystems give no inode (0). */
function same(a: Identity | undefined, b: Identity | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino !== 0 && a.dev === b.dev && a.ino === b.ino;
}

/** The real path of a file, or for one that does not exist, of its nearest existing folder followed by the rest. */
function realPathOf(file: string): string {
  const rest: string[] = [];
  let current = path.resolve(file);
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

/** Where names are compared without regard to case by default (NTFS, APFS); elsewhere the inode check covers it. */
const foldsCase = process.platform === 'win32' || process.platform === 'darwin';
const comparable = (file: string) => (foldsCase ? file.toLowerCase() : file);

function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(comparable(folder), comparable(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Files the data directory holds at its top and in logs/, by identity: a hard link elsewhere is still one of them. */
function ownFileIdentities(dataDir: string): Identity[] {
  const identities: Identity[] = [];
  for (const folder of [dataDir, path.join(dataDir, 'logs')]) {
    let names: string[] = [];
    try { names = readdirSync(folder); } catch { continue; }
    for (const name of names) {
      const identity = identityOf(path.join(folder, name));
      if (identity) identities.push(identity);
    }
  }
  return identities;
}

/** Why a SQLite file may not be a source (it is, or is inside, the data directory), or undefined when it may be. */
export function ownFileProblem(filename: string, dataDir: string): string | undefined {
  const realData = realPathOf(dataDir);
  const dataIdentity = identityOf(realData);
  const real = realPathOf(filename);
  const file = identityOf(real);
  const demo = demoDatabasePath(dataDir);
  // The demo CRM the bridge creates itself is the one file of the data directory meant to be read.
  if (same(file, identityOf(demo)) || comparable(real) === comparable(realPathOf(demo))) return undefined;
  let inside = isWithin(real, realData);
  for (let folder = path.dirname(real); !inside; folder = path.dirname(folder)) {
    inside = same(identityOf(folder), dataIdentity);
    if (path.dirname(folder) === folder) break;
  }
  if (!inside && file) inside = ownFileIdentities(realData).some((own) => same(own, file));
  if (!inside) return undefined;
  return `"${filename}" is in Deskbridge's own data folder (${dataDir}), which holds its state database, keys and logs: `
    + 'it cannot be a data source. Choose your own database file, outside that folder.';
}

/** The problems as schema issues, so that the admin API places them on their fields like any other. */
function fieldIssues(problems: Array<[Array<string | number>, string]>): z.ZodError {
  return new z.ZodError(problems.map(([at, message]) => ({ code: 'custom' as const, path: at, message, input: undefined })));
}

/** Refuses a draft connection (wizard, connection test) that points at the data directory's files. */
export function refuseOwnFiles(connection: Pick<ConnectionSettings, 'dialect' | 'filename'>, dataDir: string, at = 'connection.filename'): void {
  if (connection.dialect !== 'sqlite' || !connection.filename) return;
  const problem = ownFileProblem(connection.filename, dataDir);
  if (problem) {
    throw new BridgeError('invalid_argument', problem, { details: { problems: [`${at}: ${problem}`] }, cause: fieldIssues([[at.split('.'), problem]]) });
  }
}

/** Refuses a profile whose SQLite integrations read the data directory's files; each problem names its path. */
export function refuseOwnFilesInProfile(profile: Profile, dataDir: string): void {
  const found = profile.integrations.flatMap((integration, index): Array<[Array<string | number>, string]> => {
    const { dialect, filename } = integration.connection;
    const problem = dialect === 'sqlite' && filename ? ownFileProblem(filename, dataDir) : undefined;
    return problem ? [[['integrations', index, 'connection', 'filename'], problem]] : [];
  });
  const problems = found.map(([at, problem]) => `integrations[${at[1]}].connection.filename: ${problem}`);
  if (problems.length > 0) {
    throw new BridgeError('invalid_profile', `The profile is not valid: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { details: { problems }, cause: fieldIssues(found) });
  }
}
