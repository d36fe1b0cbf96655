// Loads, validates and atomically saves the profile document.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BridgeError } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { profileSchema, type Profile, type ProfileInput } from './schema.js';

/** Parses a profile document; problems name their path. */
export function parseProfile(value: unknown): Profile {
  return parseOrThrow(profileSchema, value, 'invalid_profile', 'The profile is not valid');
}

/** Reads the profile, or returns undefined when the file does not exist. */
export async function loadProfile(file: string): Promise<Profile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BridgeError('invalid_profile', `The profile ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BridgeError('invalid_profile', `The profile ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseProfile(document);
}

/** Writes a file so that readers see the old or the new content, never half of one. */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'w', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  // Persist the rename itself (POSIX); directories cannot be opened for sync on Windows.
  if (process.platform !== 'win32') {
    const directory = await fs.open(path.dirname(file), 'r');
    try { await directory.sync(); } finally { await directory.close(); }
  }
}

/** Validates and saves the profile atomically; returns the parsed form. */
export async function saveProfile(file: string, input: ProfileInput | Profile): Promise<Profile> {
  const profile = parseProfile(input);
  await writeFileAtomic(file, `${JSON.stringify(profile, null, 2)}\n`);
  return profile;
}
