// What an export carries from one install to another: the profile, the secrets, the API-key hashes and the sync-token key.
import { z } from 'zod';
import type { State } from './index.js';
import { SYNC_TOKEN_KEY_SETTING } from './settings.js';

const keyRowSchema = z.strictObject({
  id: z.string(), integration: z.string(), key_hash: z.string().regex(/^[0-9a-f]{64}$/), prefix: z.string(), label: z.string().nullable(),
  created_at: z.string(), revoked_at: z.string().nullable(), last_used_at: z.string().nullable(),
});

export const bundleContentSchema = z.strictObject({
  exportedAt: z.string(),
  /** The profile document as stored (validated again on import). */
  profile: z.unknown(),
  secrets: z.array(z.strictObject({ name: z.string().min(1), value: z.string() })),
  apiKeys: z.array(keyRowSchema),
  syncTokenKey: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BundleContent = z.infer<typeof bundleContentSchema>;
type KeyRow = z.infer<typeof keyRowSchema>;

/** Reads everything an identical install needs; secrets come out in clear, so the caller must seal the result. */
export async function collectBundle(state: State, profile: unknown): Promise<BundleContent> {
  const secrets = await Promise.all((await state.secrets.list()).map(async ({ name }) => ({ name, value: (await state.secrets.get(name))! })));
  const apiKeys: KeyRow[] = await state.db('api_keys')
    .select('id', 'integration', 'key_hash', 'prefix', 'label', 'created_at', 'revoked_at', 'last_used_at').orderBy('created_at');
  const syncTokenKey = (await state.settings.installSecret(SYNC_TOKEN_KEY_SETTING)).toString('hex');
  return { exportedAt: new Date().toISOString(), profile, secrets, apiKeys, syncTokenKey };
}

/** Writes a bundle's secrets (under this install's master key), keys and sync-token key, in one transaction. */
export async function restoreBundle(state: State, content: BundleContent): Promise<{ secrets: number; apiKeys: number }> {
  await state.db.transaction(async (transaction) => {
    for (const row of content.apiKeys) await transaction('api_keys').insert(row).onConflict('id').merge();
    await transaction('settings').insert({ key: SYNC_TOKEN_KEY_SETTING, value: content.syncTokenKey }).onConflict('key').merge();
  });
  // Secrets are encrypted by the store itself; a failure part-way leaves the earlier ones stored, and importing again repairs it.
  for (const { name, value } of content.secrets) await state.secrets.set(name, value);
  return { secrets: content.secrets.length, apiKeys: content.apiKeys.length };
}
