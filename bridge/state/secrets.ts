// Named secrets (database passwords, SSH keys), encrypted at rest with AES-256-GCM under the master key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { BridgeError } from '../errors.js';
import type { SecretRef } from '../profile/schema.js';

interface SecretRow { name: string; ciphertext: Buffer; iv: Buffer; tag: Buffer; updated_at: string }

/** Stores and reads named secrets; values exist in clear only in memory. */
/** A secret a profile names as an environment variable; one that is not set is an error that names it. */
export function fromEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined) throw new BridgeError('secret_missing', `The environment variable ${name} is not set.`);
  return value;
}

export class SecretStore {
  constructor(private readonly db: Knex, private readonly masterKey: Buffer) {}

  async set(name: string, value: string): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const row: SecretRow = { name, ciphertext, iv, tag: cipher.getAuthTag(), updated_at: new Date().toISOString() };
    await this.db('secrets').insert(row).onConflict('name').merge();
  }

  async get(name: string): Promise<string | undefined> {
    const row: SecretRow | undefined = await this.db('secrets').where({ name }).first();
    if (!row) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.masterKey, row.iv);
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(row.tag);
      return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new BridgeError('secrets_locked', `The secret "${name}" cannot be decrypted with this master key.`, { cause: error });
    }
  }

  async list(): Promise<Array<{ name: string; updatedAt: string }>> {
    const rows: SecretRow[] = await this.db('secrets').select('name', 'updated_at').orderBy('name');
    return rows.map((row) => ({ name: row.name, updatedAt: row.updated_at }));
  }

  async delete(name: string): Promise<boolean> {
    return (await this.db('secrets').where({ name }).delete()) > 0;
  }

  /** Resolves a profile reference to its value; a missing secret is an error that names it. */
  async resolve(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): Promise<string> {
    if ('env' in ref) return fromEnvironment(ref.env, env);
    const value = await this.get(ref.secret);
    if (value === undefined) {
      throw new BridgeError('secret_missing', `The secret "${ref.secret}" is not stored; set it with "deskbridge secret set ${ref.secret}".`);
    }
    return value;
  }
}
