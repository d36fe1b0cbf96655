// The bounded request log: written in batches off the request path, credentials removed before storage.
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import { summarizeBody } from './log-summary.js';
import { WriteBehind, type WriteFailure } from './write-behind.js';
import type { CallOrigin, RequestLogEntry, WriteOutcome } from '../contract/admin.js';
export type { CallOrigin, RequestLogEntry, WriteOutcome };

/** How much of a request's path is kept. */
export const MAX_PATH_CHARS = 500;

export const CALL_ORIGINS: readonly CallOrigin[] = ['replay', 'self_test'];

/** Told the id of the newest row after each batch is stored (the dashboard's live feed). */
export type WrittenListener = (newestId: number) => void;

export interface RequestLogQuery {
  integration?: string;
  endpoint?: string;
  status?: 'ok' | 'error';
  beforeId?: number;
  /** Only calls from outside the bridge (Talkdesk's), not its own self-tests and replays. */
  talkdeskOnly?: boolean;
  /** Leaves the bodies out (figures need none, and parsing thousands of them is most of a listing's cost). */
  withoutBodies?: boolean;
  limit: number;
}

const COLUMNS_WITHOUT_BODY = ['id', 'at', 'integration', 'endpoint', 'method', 'path', 'status', 'duration_ms', 'records', 'source_ip',
  'error_code', 'write_outcome', 'origin', 'body_exact'];

type Connection = BetterSqlite3.Database;
type Row = Record<string, string | number | null>;
type Statements = { insert: BetterSqlite3.Statement<[Row]>; prune: BetterSqlite3.Statement<[number]> };

const INSERT = `insert into request_log (at, integration, endpoint, method, path, status, duration_ms, records, source_ip,
  error_code, request_body, write_outcome, origin, body_exact) values (@at, @integration, @endpoint, @method, @path, @status,
  @duration_ms, @records, @source_ip, @error_code, @request_body, @write_outcome, @origin, @body_exact)`;
/** Keeps the newest `?` rows. */
const PRUNE = 'delete from request_log where id <= (select max(id) from request_log) - ?';
/** Rows written between two prunes. */
const PRUNE_EVERY = 500;

/** What a row may hold of a body at most; a summary is far smaller, so this only guards entries made elsewhere. */
const MAX_BODY_CHARS = 16_384;
/** SQLite's refusals of one row (a constraint, a value it cannot bind), as opposed to failures of the database. */
const ROW_REFUSED = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;

/** Whether an insert failed for its row alone: the row is dropped, the rest of the batch is written. */
function refusesRow(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ROW_REFUSED.test(code);
}

/** The row of an entry; throws for an entry that cannot be stored (its body cannot be serialized). */
function toRow(entry: RequestLogEntry): Row {
  // Bounded again here: entries relayed by public processes are summarized there, and this costs little off the request path.
  let body = entry.body === undefined ? null : JSON.stringify(summarizeBody(entry.body));
  if (body && body.length > MAX_BODY_CHARS) body = JSON.stringify({ truncated: true, size: body.length });
  return {
    at: entry.at, integration: entry.integration ?? null, endpoint: entry.endpoint, method: entry.method,
    path: entry.path.slice(0, MAX_PATH_CHARS), status: entry.status, duration_ms: entry.durationMs, records: entry.records ?? null,
    source_ip: entry.sourceIp ?? null, error_code: entry.errorCode ?? null, request_body: body,
    write_outcome: entry.writeOutcome ?? null,
    origin: entry.origin && CALL_ORIGINS.includes(entry.origin) ? entry.origin : null,
    body_exact: entry.bodyExact === undefined ? null : entry.bodyExact ? 1 : 0,
  };
}

/** Appends entries in batches and keeps only the newest `capacity` rows. */
export class RequestLog {
  private readonly batches: WriteBehind<RequestLogEntry>;
  private readonly capacity: number;
  private writesSincePrune = 0;
  private readonly statements = new WeakMap<Connection, Statements>();
  private readonly listeners = new Set<WrittenListener>();

  constructor(private readonly db: Knex, options: { capacity?: number; flushMs?: number; failed?: WriteFailure } = {}) {
    this.capacity = options.capacity ?? 10_000;
    this.batches = new WriteBehind((batch) => this.write(batch), options.flushMs ?? 250, options.failed);
  }

  add(entry: RequestLogEntry): void {
    this.batches.add(entry);
  }

  /** How many entries were dropped since the start (they could not be stored, or too many waited for a failing disk). */
  get dropped(): number {
    return this.batches.dropped;
  }

  /** Calls `listener` after each stored batch; returns the function that stops it. */
  onWritten(listener: WrittenListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Writes what is pending; resolves when it is on disk. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  async list(query: RequestLogQuery): Promise<Array<RequestLogEntry & { id: number }>> {
    await this.flush();
    const builder = this.db('request_log').select(query.withoutBodies ? COLUMNS_WITHOUT_BODY : '*').orderBy('id', 'desc').limit(query.limit);
    if (query.integration) builder.where('integration', query.integration);
    if (query.endpoint) builder.where('endpoint', query.endpoint);
    if (query.status === 'ok') builder.where('status', '<', 400);
    if (query.status === 'error') builder.where('status', '>=', 400);
    if (query.beforeId) builder.where('id', '<', query.beforeId);
    if (query.talkdeskOnly) builder.whereNull('origin');
    const rows: Array<Record<string, unknown>> = await builder;
    return rows.map((row) => ({
      id: row.id as number, at: row.at as string, endpoint: row.endpoint as string, method: row.method as string,
      path: row.path as string, status: row.status as number, durationMs: row.duration_ms as number,
      ...(row.integration ? { integration: row.integration as string } : {}),
      ...(row.records !== null ? { records: row.records as number } : {}),
      ...(row.source_ip ? { sourceIp: row.source_ip as string } : {}),
      ...(row.error_code ? { errorCode: row.error_code as string } : {}),
      ...(row.write_outcome ? { writeOutcome: row.write_outcome as WriteOutcome } : {}),
      ...(row.origin ? { origin: row.origin as CallOrigin } : {}),
      ...(row.body_exact !== null && row.body_exact !== undefined ? { bodyExact: row.body_exact === 1 } : {}),
      ...(row.request_body ? { body: JSON.parse(row.request_body as string) as unknown } : {}),
    }));
  }

  async get(id: number): Promise<(RequestLogEntry & { id: number }) | undefined> {
    return (await this.list({ beforeId: id + 1, limit: 1 })).find((entry) => entry.id === id);
  }

  /**
   * One transaction per batch through statements prepared once per connection. Knex's batch insert compiled and
   * prepared a new statement for every batch size, a large share of what logging a call cost (docs/PERFORMANCE.md).
   */
  private async write(batch: RequestLogEntry[]): Promise<unknown[]> {
    // Each entry on its own: one that cannot be stored is dropped and counted, and does not hold back the others.
    const refused: unknown[] = [];
    const rows: Row[] = [];
    for (const entry of batch) {
      try {
        rows.push(toRow(entry));
      } catch (error) {
        refused.push(error);
      }
    }
    const client = this.db.client as { acquireConnection(): Promise<Connection>; releaseConnection(connection: Connection): Promise<unknown> };
    const connection = await client.acquireConnection();
    let newestId = 0;
    try {
      const statements = this.statementsOf(connection);
      connection.transaction(() => {
        for (const row of rows) {
          try {
            newestId = Number(statements.insert.run(row).lastInsertRowid);
          } catch (error) {
            // A refused row is dropped; SQLite undoes that statement only. Anything else fails the whole batch.
            if (!refusesRow(error)) throw error;
            refused.push(error);
          }
        }
      })();
      this.writesSincePrune += rows.length;
      if (this.writesSincePrune >= PRUNE_EVERY) {
        this.writesSincePrune = 0;
        // The batch is stored: a prune that fails must not have it written again; the next prune catches up.
        try {
          statements.prune.run(this.capacity);
        } catch {
          // Left for the next prune.
        }
      }
    } finally {
      await client.releaseConnection(connection);
    }
    if (newestId > 0) this.tell(newestId);
    return refused;
  }

  private tell(newestId: number): void {
    for (const listener of this.listeners) {
      try {
        listener(newestId);
      } catch {
        // A listener's failure is its own; the batch is stored.
      }
    }
  }

  private statementsOf(connection: Connection): Statements {
    let statements = this.statements.get(connection);
    if (!statements) {
      statements = { insert: connection.prepare<[Row]>(INSERT), prune: connection.prepare<[number]>(PRUNE) };
      this.statements.set(connection, statements);
    }
    return statements;
  }
}
