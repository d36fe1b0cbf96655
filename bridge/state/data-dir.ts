// The data directory is its owner's alone: checked and repaired at start, files created owner-only, leftovers removed.
import { closeSync, lstatSync, openSync, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';

/** A permission the start changed. */
export interface PermissionRepair { path: string; from: string; to: string }
/** A permission the start could not change (a file owned by another user, say). */
export interface PermissionProblem { path: string; mode: string; reason: string }
export interface DataDirCheck { repaired: PermissionRepair[]; unrepaired: PermissionProblem[]; removedTemporaryFiles: string[] }

/**
 * The bridge's own files at the data directory's top: the state and demo databases with SQLite's companion files, and
 * the profile with its temporary files; every file in logs/ is its own too. Only these are changed: in the desktop app
 * the folder is also Electron's (userData), whose files are its business. master.key is not listed: it has its own,
 * stricter rule (master-key.ts), refused rather than repaired, since a key others could read must be replaced.
 */
const OWN_FILE = /^(?:(?:state|demo-crm)\.sqlite(?:-wal|-shm|-journal)?|profile\.json(?:\.\d+\.[0-9a-f]{8}\.tmp)?)$/;
/** What writeFileAtomic names its temporary files: `<file>.<pid>.<8 hex>.tmp`. */
const TEMPORARY = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** A temporary file older than this is left over even if a process with its pid runs now (pids are reused). */
const TEMPORARY_MAX_AGE_MS = 10 * 60_000;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Creates an empty file readable by its owner only, unless it exists (SQLite then opens it as a new database). */
export function createOwnerOnlyFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files of interrupted saves in `folder` (of `prefix` only, if given): their process is gone, or they are old. */
async function removeLeftovers(folder: string, now: number, prefix = ''): Promise<string[]> {
  let names: string[];
  try { names = await fs.readdir(folder); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match || !name.startsWith(prefix)) continue;
    const file = path.join(folder, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (isRunning(Number(match[1])) && now - stat.mtimeMs < TEMPORARY_MAX_AGE_MS) continue;
    await fs.rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** Brings one file or folder to `wanted` when group or others have any access; symbolic links are left alone. */
async function restrict(file: string, stat: Stats, wanted: number, check: DataDirCheck): Promise<void> {
  if ((stat.mode & 0o077) === 0) return;
  try {
    await fs.chmod(file, wanted);
    check.repaired.push({ path: file, from: octal(stat.mode), to: octal(wanted) });
  } catch (error) {
    check.unrepaired.push({ path: file, mode: octal(stat.mode), reason: (error as Error).message });
  }
}

/** Makes `folder` 0700 and the files in it that `owned` accepts 0600; symbolic links are left alone. */
async function restrictFolder(folder: string, check: DataDirCheck, owned: (name: string) => boolean): Promise<void> {
  const stat = lstatSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return;
  await restrict(folder, stat, 0o700, check);
  for (const name of await fs.readdir(folder)) {
    const entry = path.join(folder, name);
    const inner = lstatSync(entry, { throwIfNoEntry: false });
    if (inner?.isFile() && owned(name)) await restrict(entry, inner, 0o600, check);
  }
}

/**
 * At start: the data directory (and its logs/) 0700, the bridge's files in them 0600 (state database, its -wal and
 * -shm, the profile, logs), repaired where looser and reported; temporary files of interrupted saves removed, beside the
 * profile too when it lives elsewhere.
 */
export async function secureDataDir(dataDir: string, options: { profilePath?: string; platform?: NodeJS.Platform; now?: number } = {}): Promise<DataDirCheck> {
  const check: DataDirCheck = { repaired: [], unrepaired: [], removedTemporaryFiles: [] };
  const now = options.now ?? Date.now();
  check.removedTemporaryFiles.push(...await removeLeftovers(dataDir, now));
  // Beside a profile kept elsewhere, only its own leftovers: that folder may hold other programs' files.
  const profileFolder = options.profilePath && path.dirname(path.resolve(options.profilePath));
  if (profileFolder && profileFolder !== path.resolve(dataDir)) {
    check.removedTemporaryFiles.push(...await removeLeftovers(profileFolder, now, `${path.basename(options.profilePath!)}.`));
  }
  // On Windows, chmod only toggles read-only: who may read the folder is decided by its ACL, inherited from the
  // user's profile folder (AppData), which is the user's own.
  if ((options.platform ?? process.platform) === 'win32') return check;
  await restrictFolder(dataDir, check, (name) => OWN_FILE.test(name));
  await restrictFolder(path.join(dataDir, 'logs'), check, () => true);
  return check;
}

/** One line for the log and the start event, saying what was changed and what could not be. */
export function describeDataDirCheck(check: DataDirCheck): string | undefined {
  const parts: string[] = [];
  if (check.repaired.length > 0) {
    parts.push(`Other users could read files of the data folder; they are now the owner's only: ${check.repaired.map((repair) => `${repair.path} ${repair.from} -> ${repair.to}`).join(', ')}.`);
  }
  if (check.unrepaired.length > 0) {
    parts.push(`These could not be made the owner's only; fix them by hand (chmod 600 for files, 700 for folders): ${check.unrepaired.map((problem) => `${problem.path} ${problem.mode} (${problem.reason})`).join(', ')}.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}
