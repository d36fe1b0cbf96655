// `deskbridge diagnostics [--out FILE]`: writes a diagnostics bundle (a zip without credentials) and prints where.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBundle, defaultBundlePath, writeBundle } from '../diagnostics/bundle.js';
import { stateSources } from '../diagnostics/sources.js';
import { loadProfile } from '../profile/store.js';
import { openState } from '../state/index.js';
import { COMMON_FLAGS, commonOptions } from './options.js';
import { emit, note } from './output.js';

export async function diagnostics(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: { ...COMMON_FLAGS, out: { type: 'string' }, 'clock-url': { type: 'string' }, 'crash-dir': { type: 'string' } },
  });
  const { dataDir, profilePath } = commonOptions(values);
  const profile = await loadProfile(profilePath);
  const state = await openState(dataDir);
  try {
    const sources = await stateSources(state, profile, dataDir, {
      clockUrl: values['clock-url'], crashDirectory: values['crash-dir'] && path.resolve(values['crash-dir']),
    });
    const { zip, checks } = await createBundle(sources);
    const file = values.out ? path.resolve(values.out) : defaultBundlePath(dataDir);
    await writeBundle(file, zip);
    for (const check of checks) emit({ event: 'check', ...check });
    emit({ event: 'diagnostics', file, bytes: zip.length, failedChecks: checks.filter((check) => !check.ok && !check.skipped).map((check) => check.check) });
    note(`Diagnostics bundle written to ${file} (credentials removed).`);
    return 0;
  } finally {
    await state.close();
  }
}
