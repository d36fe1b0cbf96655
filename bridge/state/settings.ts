// Small named values kept in the state database (the offset-signing key, the last public URL).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** The settings key of the per-install key that signs sync tokens (next_offset, synchronization_checkpoint). */
export const SYNC_TOKEN_KEY_SETTING = 'sync_token_key';

export class Settings {
  constructor(private readonly db: Knex) {}

  async get(key: string): Promise<string | undefined> {
    const row: { value: string } | undefined = await this.db('settings').select('value').where({ key }).first();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db('settings').insert({ key, value }).onConflict('key').merge();
  }

  /** A random secret created once per install (for signing sync tokens). */
  async installSecret(key: string): Promise<Buffer> {
    const existing = await this.get(key);
    if (existing) return Buffer.from(existing, 'hex');
    await this.db('settings').insert({ key, value: randomBytes(32).toString('hex') }).onConflict('key').ignore();
    return Buffer.from((await this.get(key))!, 'hex');
  }
}
