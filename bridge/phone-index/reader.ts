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
      const table = indexTable(integration);
      const marks = numbers.map(() => '?').join(', ');
      // Readiness and keys in one statement: one read of the database instead of two (each a lock taken and left).
      const lookup = this.statement(`${table}:${numbers.length}`, `select s.ready, s.fingerprint, k.contact_key from phone_index_state s
        left join (select distinct contact_key from "${table}" where number in (${marks}) limit ${Math.trunc(limit)}) k on 1
        where s.integration = ?`);
      const rows = lookup.all(...numbers, integration) as Array<[number, string, Value | null]>;
      const [ready, builtFor] = rows[0] ?? [];
      if (ready !== 1 || builtFor !== fingerprint) return undefined;
      return rows.flatMap(([, , key]) => (key === null ? [] : [key]));
    } catch {
      // A table dropped since the statement was prepared (the integration was just removed): the database answers.
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

  private statement(name: string, sql: string): Database.Statement {
    let statement = this.lookups.get(name);
    if (!statement) {
      statement = this.db!.prepare(sql).raw();
      this.lookups.set(name, statement);
    }
    return statement;
  }
}
