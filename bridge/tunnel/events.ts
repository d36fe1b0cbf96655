// Persists tunnel transitions in the state database's tunnel_events table, keeping the most recent only.
import type { Knex } from 'knex';
import type { TunnelTransition } from './types.js';

export const EVENT_LOG_LIMIT = 500;

export interface TunnelEventLog {
  record(transition: TunnelTransition): Promise<void>;
  recent(limit?: number): Promise<TunnelTransition[]>;
}

export function createTunnelEventLog(db: Knex, keep = EVENT_LOG_LIMIT): TunnelEventLog {
  return {
    async record(transition) {
      await db('tunnel_events').insert({ at: transition.at, state: transition.state, url: transition.url ?? null, detail: transition.detail ?? null });
      const cutoff: { id: number } | undefined = await db('tunnel_events').select('id').orderBy('id', 'desc').offset(keep).first();
      if (cutoff) await db('tunnel_events').where('id', '<=', cutoff.id).delete();
    },
    async recent(limit = 50) {
      const rows: Array<{ at: string; state: TunnelTransition['state']; url: string | null; detail: string | null }> =
        await db('tunnel_events').select('at', 'state', 'url', 'detail').orderBy('id', 'desc').limit(limit);
      return rows.reverse().map((row) => ({ at: row.at, state: row.state, ...(row.url ? { url: row.url } : {}), ...(row.detail ? { detail: row.detail } : {}) }));
    },
  };
}
