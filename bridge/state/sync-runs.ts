// Sync statistics: one row per contact-sync run (full or incremental), finished when its last page is served.
import type { Knex } from 'knex';

export interface SyncRun {
  id: string;
  integration: string;
  kind: 'full' | 'incremental';
  startedAt: string;
  finishedAt?: string;
  pages: number;
  rows: number;
  durationMs?: number;
}

export class SyncRunStore {
  constructor(private readonly db: Knex) {}

  /** Records a page of a run; the first page creates the row, the last one finishes it. */
  async recordPage(run: { id: string; integration: string; kind: SyncRun['kind']; startedAt: number }, rows: number, last: boolean, checkpoint?: string): Promise<void> {
    const now = Date.now();
    await this.db.transaction(async (trx) => {
      const existing: { pages: number; rows: number } | undefined = await trx('sync_runs').select('pages', 'rows').where({ id: run.id }).first();
      const update = {
        pages: (existing?.pages ?? 0) + 1,
        rows: (existing?.rows ?? 0) + rows,
        finished_at: last ? new Date(now).toISOString() : null,
        duration_ms: last ? now - run.startedAt : null,
        checkpoint: checkpoint ?? null,
      };
      if (existing) await trx('sync_runs').where({ id: run.id }).update(update);
      else await trx('sync_runs').insert({ id: run.id, integration: run.integration, kind: run.kind, started_at: new Date(run.startedAt).toISOString(), ...update });
    });
  }

  async list(integration?: string, limit = 50): Promise<SyncRun[]> {
    const query = this.db('sync_runs').select('*').orderBy('started_at', 'desc').limit(limit);
    if (integration) query.where({ integration });
    const rows: Array<Record<string, unknown>> = await query;
    return rows.map((row) => ({
      id: row.id as string, integration: row.integration as string, kind: row.kind as SyncRun['kind'],
      startedAt: row.started_at as string, pages: row.pages as number, rows: row.rows as number,
      ...(row.finished_at ? { finishedAt: row.finished_at as string } : {}),
      ...(row.duration_ms !== null ? { durationMs: row.duration_ms as number } : {}),
    }));
  }
}
