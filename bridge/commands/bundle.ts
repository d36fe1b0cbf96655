// `deskbridge export` / `deskbridge import`: one install's profile, secrets, API keys and sync-token key, sealed under a passphrase.
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { BridgeError } from '../errors.js';
import { loadProfile, parseProfile, saveProfile } from '../profile/store.js';
import { collectBundle, restoreBundle, bundleContentSchema } from '../state/bundle.js';
import { checkPassphrase, openBundle, sealBundle } from '../state/bundle-crypto.js';
import { openState } from '../state/index.js';
import { parseOrThrow } from '../validation.js';
import { readFirstLine } from './input.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit } from './output.js';

/** The passphrase from the first line of standard input (or of a file, for an installer that has no terminal). */
export async function readPassphrase(file?: string): Promise<string> {
  const passphrase = file === undefined ? await readFirstLine() : (await fs.readFile(file, 'utf8')).split(/\r?\n/)[0]?.trim();
  if (!passphrase) throw new BridgeError('invalid_argument', 'The passphrase is read from standard input, and it was empty.');
  checkPassphrase(passphrase);
  return passphrase;
}

export async function exportBundle(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_FLAGS, out: { type: 'string' }, force: { type: 'boolean' } } });
  const { dataDir, profilePath } = commonOptions(values);
  if (!values.out) throw new BridgeError('invalid_argument', 'export needs --out FILE (the bundle to write).');
  const profile = await loadProfile(profilePath);
  if (!profile) throw new BridgeError('not_configured', `There is no profile at ${profilePath} to export.`);
  const passphrase = await readPassphrase();
  const state = await openState(dataDir);
  let text: string;
  let counts: { secrets: number; apiKeys: number };
  try {
    const content = await collectBundle(state, profile);
    counts = { secrets: content.secrets.length, apiKeys: content.apiKeys.length };
    text = await sealBundle(content, passphrase);
  } finally {
    await state.close();
  }
  try {
    await fs.writeFile(values.out, text, { mode: 0o600, flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BridgeError('invalid_argument', `${values.out} exists already; choose another name or add --force.`);
    throw error;
  }
  emit({ exported: values.out, integrations: profile.integrations.map((item) => item.id), ...counts });
  return 0;
}

export interface ImportTarget { dataDir: string; profilePath: string; replace: boolean }

/** A bundle file's text, or an error that names the file. */
export function readBundleFile(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw new BridgeError('invalid_argument', `${file} cannot be read: ${(error as Error).message}`, { cause: error });
  });
}

/** Restores a sealed bundle into a data folder; nothing is written when it cannot be opened or its profile is refused. */
export async function importBundleText(text: string, passphrase: string, target: ImportTarget): Promise<{ secrets: number; apiKeys: number; integrations: string[] }> {
  const content = parseOrThrow(bundleContentSchema, await openBundle(text, passphrase), 'invalid_argument', 'The bundle is not valid');
  // Checked before anything is written, so a bundle this version cannot use changes nothing.
  const profile = parseProfile(content.profile);
  if (!target.replace && await loadProfile(target.profilePath).catch(() => undefined)) {
    throw new BridgeError('invalid_argument', `${target.profilePath} exists already; add --replace to replace it with the bundle's profile (stop "deskbridge serve" first).`);
  }
  const state = await openState(target.dataDir);
  let counts: { secrets: number; apiKeys: number };
  try {
    counts = await restoreBundle(state, content);
  } finally {
    await state.close();
  }
  await saveProfile(target.profilePath, profile);
  return { ...counts, integrations: profile.integrations.map((item) => item.id) };
}

export async function importBundle(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_FLAGS, replace: { type: 'boolean' } } });
  const { dataDir, profilePath } = commonOptions(values);
  const file = positionals[0];
  if (!file) throw new BridgeError('invalid_argument', 'import needs the bundle FILE (made by "deskbridge export").');
  const text = await readBundleFile(file);
  const result = await importBundleText(text, await readPassphrase(), { dataDir, profilePath, replace: values.replace === true });
  emit({ imported: file, integrations: result.integrations, secrets: result.secrets, apiKeys: result.apiKeys });
  return 0;
}
