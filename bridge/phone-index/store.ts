// The phone index on disk: one table per integration in the state database (E.164 number -> contact key), and its progress.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { IndexedContact } from './entries.js';

/** Where an integration's index stands; one row of `phone_index_state` (migration 003). */
export interface PhoneIndexState {
  integration: string;
  fingerprint: string;
  /** True once a full pass finished: lookups may answer from the index. */
  ready: boolean;
  /** The pass being run or last finished; rows not seen by a finished pass are swept. */
  pass: number;
  /** Where the running full pass is (JSON of a cursor), null when none runs. */
  passAfter: string | null;
  /** Where checkpoint reads start (JSON of a checkpoint value), null before the first pass ends. */
  checkpoint: string | null;
  passStartedAt: string | null;
  lastFullPassAt: string | null;
  lastRefreshAt: string | null;
  /** Contacts read by the running pass so far. */
  passRows: number;
}

/** The file every process of a bridge shares. */
export function stateDatabaseFile(dataDir: string): string {
  return path.join(dataDir, 'state.sqlite');
}

/** One table per integration; ids are slugs (a-z, 0-9, "-"), so this name is unique and needs no escaping beyond quotes. */
export function indexTable(integration: string): string {
  return `phone_index_${integration.replaceAll('-', '_')}`;
}

interface StateRow {
  integration: string; fingerprint: string; ready: number; pass: number; pass_after: string | null; checkpoint: string | null;
  pass_started_at: string | null; last_full_pass_at: string | null; last_refresh_at: string | null; pass_rows: number;
}

function fromRow(row: StateRow): PhoneIndexState {
  return {
    integration: row.integration, fingerprint: row.fingerprint, ready: row.ready === 1, pass: row.pass, passAfter: row.pass_after,
    checkpoint: row.checkpoint, passStartedAt: row.pass_started_at, lastFullPassAt: row.last_full_pass_at,
    lastRefreshAt: row.last_refresh_at, passRows: row.pass_rows,
  };
}

/**
 * The bridge process's writing connection to the index. Writes are short transactions (one page of contacts), so
 * the request log and API-key writes on the other connection wait at most that long.
 */
export class PhoneIndexStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(stateDatabaseFile(dataDir));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
  }

  state(integration: string): PhoneIndexState | undefined {
    const row = this.db.prepare('select * from phone_index_state where integration = ?').get(integration) as StateRow | undefined;
    return row && fromRow(row);
  }

  /** Starts an index from nothing: an empty table and a first pass. */
  reset(integration: string, fingerprint: string): PhoneIndexState {
    const table = indexTable(integration);
    this.db.transaction(() => {
      this.db.exec(`drop table if exists "${table}"`);
      this.db.exec(`create table "${table}" (number text not null, contact_key not null, pass integer not null, primary key (number, contact_key)) without rowid`);
      this.db.exec(`create index "${table}_key" on "${table}" (contact_key)`);
      this.db.prepare('delete from phone_index_state where integration = ?').run(integration);
      this.db.prepare(`insert into phone_index_state (integration, fingerprint, ready, pass, pass_after, checkpoint, pass_started_at, pass_rows)
        values (?, ?, 0, 1, null, null, ?, 0)`).run(integration, fingerprint, new Date().toISOString());
    })();
    return this.state(integration)!;
  }

  /**
   * Writes what a read found: each contact's numbers replace the ones it had, marked with the pass that saw them.
   * `progress` is saved in the same transaction, so a pass cut short resumes where its last page was written.
   */
  write(integration: string, contacts: readonly IndexedContact[], pass: number, progress: Partial<Pick<StateRow, 'pass_after' | 'checkpoint' | 'pass_rows' | 'last_refresh_at'>>): void {
    const table = indexTable(integration);
    const remove = this.db.prepare(`delete from "${table}" where contact_key = ?`);
    const insert = this.db.prepare(`insert or replace into "${table}" (number, contact_key, pass) values (?, ?, ?)`);
    this.db.transaction(() => {
      for (const { key, numbers } of contacts) {
        const stored = typeof key === 'boolean' ? Number(key) : key;
        remove.run(stored);
        for (const number of numbers) insert.run(number, stored, pass);
      }
      this.update(integration, progress);
    })();
  }

  /** Ends a full pass: numbers no read of this pass saw belong to deleted rows (or changed ones) and go. */
  finishPass(integration: string, pass: number, checkpoint: string | null): number {
    const table = indexTable(integration);
    return this.db.transaction(() => {
      const { changes } = this.db.prepare(`delete from "${table}" where pass < ?`).run(pass);
      this.update(integration, { ready: 1, pass_after: null, last_full_pass_at: new Date().toISOString(), ...(checkpoint !== null ? { checkpoint } : {}) });
      return changes;
    })();
  }

  /** Starts the next full pass over a ready index (lookups keep answering from it meanwhile). */
  startPass(integration: string, pass: number): void {
    this.update(integration, { pass, pass_after: null, pass_rows: 0, pass_started_at: new Date().toISOString() });
  }

  update(integration: string, fields: Partial<Omit<StateRow, 'integration' | 'fingerprint'>>): void {
    const names = Object.keys(fields);
    if (names.length === 0) return;
    this.db.prepare(`update phone_index_state set ${names.map((name) => `${name} = @${name}`).join(', ')} where integration = @integration`)
      .run({ ...fields, integration });
  }

  /** Numbers and contacts in an integration's index. */
  size(integration: string): { numbers: number; contacts: number } {
    const table = indexTable(integration);
    if (!this.exists(table)) return { numbers: 0, contacts: 0 };
    const numbers = (this.db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
    const contacts = (this.db.prepare(`select count(distinct contact_key) as n from "${table}"`).get() as { n: number }).n;
    return { numbers, contacts };
  }

  /** Drops the index of every integration not in `keep` (removed from the profile, or with the index turned off). */
  retain(keep: ReadonlySet<string>): string[] {
    const all = (this.db.prepare('select integration from phone_index_state').all() as Array<{ integration: string }>).map((row) => row.integration);
    const gone = all.filter((integration) => !keep.has(integration));
    for (const integration of gone) this.remove(integration);
    return gone;
  }

  remove(integration: string): void {
    this.db.transaction(() => {
      this.db.exec(`drop table if exists "${indexTable(integration)}"`);
      this.db.prepare('delete from phone_index_state where integration = ?').run(integration);
    })();
  }

  close(): void {
    this.db.close();
  }

  private exists(table: string): boolean {
    return this.db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !== undefined;
  }
}
