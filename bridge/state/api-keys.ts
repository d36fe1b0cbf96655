// API keys per integration: shown once at creation, stored as SHA-256 hashes, checked in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { ApiKeyInfo } from '../contract/admin.js';
export type { ApiKeyInfo };

interface KeyRow {
  id: string; integration: string; key_hash: string; prefix: string; label: string | null;
  created_at: string; revoked_at: string | null; last_used_at: string | null;
}


/** Keys the bridge makes for its own calls (self-test, replay) carry this label; lists hide them. */
export const INTERNAL_KEY_LABEL = 'deskbridge internal call';

/** The key a request presented, when it is valid. */
export interface KeyMatch {
  id: string;
  /** The bridge's own call (self-test, replay), not Talkdesk's. */
  internal: boolean;
}

/** How long another process's change (a key created or revoked from the CLI) may take to be seen. */
const CACHE_MS = 1000;
/** How often a failed check may reload the keys from the database. */
const MISS_RELOAD_MS = 200;

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function toInfo(row: KeyRow): ApiKeyInfo {
  return {
    id: row.id, integration: row.integration, prefix: row.prefix, createdAt: row.created_at,
    ...(row.label ? { label: row.label } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  };
}

/** Creates, lists, revokes and verifies API keys. Keys are high-entropy, so a plain SHA-256 hash suffices. */
export class ApiKeyStore {
  private active = new Map<string, Array<{ id: string; hash: Buffer; internal: boolean }>>();
  private loadedAt = 0;
  private loading?: Promise<void>;
  private lastUsedWritten = new Map<string, number>();
  private readonly changeListeners: Array<() => Promise<void>> = [];

  constructor(private readonly db: Knex) {}

  /** Runs `listener` after each key created or revoked here, before `create` or `revoke` returns. */
  onChange(listener: () => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  /** Drops the cached keys: the next check reads them again (another process changed them). */
  forget(): void {
    this.loadedAt = 0;
  }

  /** Returns the new key in clear; this is the only time it exists outside the caller's hands. */
  async create(integration: string, label?: string): Promise<{ key: string; info: ApiKeyInfo }> {
    const key = `dbk_${randomBytes(24).toString('base64url')}`;
    const row: KeyRow = {
      id: randomUUID(), integration, key_hash: hashKey(key).toString('hex'), prefix: key.slice(0, 10),
      label: label ?? null, created_at: new Date().toISOString(), revoked_at: null, last_used_at: null,
    };
    await this.db('api_keys').insert(row);
    await this.changed();
    return { key, info: toInfo(row) };
  }

  async list(integration?: string): Promise<ApiKeyInfo[]> {
    const query = this.db<KeyRow>('api_keys').select('*').orderBy('created_at', 'desc');
    if (integration) query.where({ integration });
    return (await query).map(toInfo);
  }

  /** Revokes a key; it stops working at once in this process and the ones it tells, within a second in others. */
  async revoke(id: string): Promise<boolean> {
    const changed = await this.db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: new Date().toISOString() });
    await this.changed();
    return changed > 0;
  }

  /** Removes every key of an integration (it is being deleted): they stop working at once, as revoked keys do. */
  async removeIntegration(integration: string): Promise<number> {
    const removed = await this.db('api_keys').where({ integration }).delete();
    await this.changed();
    return removed;
  }

  private async changed(): Promise<void> {
    this.loadedAt = 0;
    await Promise.all(this.changeListeners.map((listener) => listener()));
  }

  async hasActiveKey(integration: string): Promise<boolean> {
    await this.refresh(CACHE_MS);
    return (this.active.get(integration)?.length ?? 0) > 0;
  }

  /** The key, when it belongs to the integration and is not revoked; compares every candidate in constant time. */
  async verify(integration: string, key: string): Promise<KeyMatch | undefined> {
    await this.refresh(CACHE_MS);
    const presented = hashKey(key);
    let matched = this.match(integration, presented);
    // A key just created by another process (the CLI): look again, at most a few times a second.
    if (!matched && Date.now() - this.loadedAt >= MISS_RELOAD_MS) {
      await this.refresh(MISS_RELOAD_MS);
      matched = this.match(integration, presented);
    }
    if (matched) this.touch(matched.id);
    return matched;
  }

  private match(integration: string, presented: Buffer): KeyMatch | undefined {
    let matched: KeyMatch | undefined;
    for (const candidate of this.active.get(integration) ?? []) {
      if (timingSafeEqual(candidate.hash, presented)) matched = { id: candidate.id, internal: candidate.internal };
    }
    return matched;
  }

  private async refresh(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.loadedAt < maxAgeMs) return;
    this.loading ??= (async () => {
      const rows: KeyRow[] = await this.db('api_keys').select('id', 'integration', 'key_hash', 'label').whereNull('revoked_at');
      const active = new Map<string, Array<{ id: string; hash: Buffer; internal: boolean }>>();
      for (const row of rows) {
        const list = active.get(row.integration) ?? [];
        list.push({ id: row.id, hash: Buffer.from(row.key_hash, 'hex'), internal: row.label === INTERNAL_KEY_LABEL });
        active.set(row.integration, list);
      }
      this.active = active;
      this.loadedAt = Date.now();
    })().finally(() => { this.loading = undefined; });
    await this.loading;
  }

  /** Records use at most once a minute per key, off the request's path. */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWritten.get(id) ?? 0) < 60_000) return;
    this.lastUsedWritten.set(id, now);
    this.db('api_keys').where({ id }).update({ last_used_at: new Date(now).toISOString() }).catch(() => {});
  }
}
