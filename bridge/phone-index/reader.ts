// Answers "which contacts have this number" from the phone index, on a read-only connection of each process's own.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Value } from '../../connectors/index.js';
import { indexTable, stateDatabaseFile } from './store.js';

/**
 * Public processes read the index the bridge process writes: the state database is in WAL mode, so a reader sees
 * the last committed pass and never waits for a writer. Reads are synchronous and take microseconds, which costs
 * less than a hop to a thread would.
 */
export class PhoneIndexReader {
  private db: Database.Database | undefined;
  private failed = false;
  private readonly readiness: Map<string, Database.Statement> = new Map();
  private readonly lookups = new Map<string, Database.Statement>();

  constructor(private readonly dataDir: string) {}

  /**
   * Keys of the contacts with any of these E.164 numbers, at most `limit`; undefined when the index cannot answer
   * (not built yet, built for another mapping, or unreadable), so the caller asks the database instead.
   */
  find(integration: string, fingerprint: string, numbers: readonly string[], limit: number): Value[] | undefined {
    const db = this.open();
    if (!db || numbers.length === 0) return undefined;
    try {
      const state = this.statement(this.readiness, 'state', 'select fingerprint, ready from phone_index_state where integration = ?')
        .get(integration) as { fingerprint: string; ready: number } | undefined;
      if (!state || state.ready !== 1 || state.fingerprint !== fingerprint) return undefined;
      const table = indexTable(integration);
      const marks = numbers.map(() => '?').join(', ');
      const lookup = this.statement(this.lookups, `${table}:${numbers.length}`,
        `select distinct contact_key from "${table}" where number in (${marks}) limit ${Math.trunc(limit)}`);
      return (lookup.raw().all(...numbers) as Array<[Value]>).map(([key]) => key);
    } catch {
      // A table dropped between the two statements (the integration was just removed): the database answers.
      this.lookups.clear();
      return undefined;
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private open(): Database.Database | undefined {
    if (this.db || this.failed) return this.db;
    const file = stateDatabaseFile(this.dataDir);
    if (!existsSync(file)) return undefined;
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
    } catch {
      // Lookups keep working from the database; the index is only ever a shortcut.
      this.failed = true;
    }
    return this.db;
  }

  private statement(cache: Map<string, Database.Statement>, name: string, sql: string): Database.Statement {
    let statement = cache.get(name);
    if (!statement) {
      statement = this.db!.prepare(sql);
      cache.set(name, statement);
    }
    return statement;
  }
}
