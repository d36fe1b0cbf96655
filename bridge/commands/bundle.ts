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

async function readPassphrase(): Promise<string> {
  const passphrase = await readFirstLine();
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

export async function importBundle(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_FLAGS, replace: { type: 'boolean' } } });
  const { dataDir, profilePath } = commonOptions(values);
  const file = positionals[0];
  if (!file) throw new BridgeError('invalid_argument', 'import needs the bundle FILE (made by "deskbridge export").');
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw new BridgeError('invalid_argument', `${file} cannot be read: ${(error as Error).message}`, { cause: error });
  });
  const content = parseOrThrow(bundleContentSchema, await openBundle(text, await readPassphrase()), 'invalid_argument', 'The bundle is not valid');
  // Checked before anything is written, so a bundle this version cannot use changes nothing.
  const profile = parseProfile(content.profile);
  if (!values.replace && await loadProfile(profilePath).catch(() => undefined)) {
    throw new BridgeError('invalid_argument', `${profilePath} exists already; add --replace to replace it with the bundle's profile (stop "deskbridge serve" first).`);
  }
  const state = await openState(dataDir);
  let counts: { secrets: number; apiKeys: number };
  try {
    counts = await restoreBundle(state, content);
  } finally {
    await state.close();
  }
  await saveProfile(profilePath, profile);
  emit({ imported: file, integrations: profile.integrations.map((item) => item.id), ...counts });
  return 0;
}
