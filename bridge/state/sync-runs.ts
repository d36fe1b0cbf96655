// Sync statistics: one row per contact-sync run (full or incremental), finished when its last page is served.
import type { Knex } from 'knex';
import { WriteBehind, type WriteFailure } from './write-behind.js';
import type { SyncRun } from '../contract/status.js';
export type { SyncRun };

interface PageRecord { run: { id: string; integration: string; kind: SyncRun['kind']; startedAt: number }; rows: number; last: boolean; at: number }

export class SyncRunStore {
  private readonly batches: WriteBehind<PageRecord>;

  constructor(private readonly db: Knex, options: { flushMs?: number; failed?: WriteFailure } = {}) {
    this.batches = new WriteBehind((batch) => this.write(batch), options.flushMs ?? 250, options.failed);
  }

  /** Records a page of a run: the first page creates the run's row, the last one finishes it. Written in batches. */
  recordPage(run: PageRecord['run'], rows: number, last: boolean): void {
    this.batches.add({ run, rows, last, at: Date.now() });
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  async list(integration?: string, limit = 50): Promise<SyncRun[]> {
    await this.flush();
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

  /** The batch's pages summed per run, then added to each run's row in one transaction. */
  private async write(batch: PageRecord[]): Promise<void> {
    const runs = new Map<string, { run: PageRecord['run']; pages: number; rows: number; finishedAt?: number }>();
    for (const { run, rows, last, at } of batch) {
      const entry = runs.get(run.id) ?? { run, pages: 0, rows: 0 };
      entry.pages += 1;
      entry.rows += rows;
      if (last) entry.finishedAt = at;
      runs.set(run.id, entry);
    }
    await this.db.transaction(async (trx) => {
      for (const { run, pages, rows, finishedAt } of runs.values()) {
        const existing: { pages: number; rows: number } | undefined = await trx('sync_runs').select('pages', 'rows').where({ id: run.id }).first();
        const update = {
          pages: (existing?.pages ?? 0) + pages,
          rows: (existing?.rows ?? 0) + rows,
          finished_at: finishedAt !== undefined ? new Date(finishedAt).toISOString() : null,
          duration_ms: finishedAt !== undefined ? finishedAt - run.startedAt : null,
        };
        if (existing) await trx('sync_runs').where({ id: run.id }).update(update);
        else await trx('sync_runs').insert({ id: run.id, integration: run.integration, kind: run.kind, started_at: new Date(run.startedAt).toISOString(), ...update });
      }
    });
  }
}
