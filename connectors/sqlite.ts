// SQLite (better-sqlite3): one connection, text timestamps, introspection through pragma functions.
import { existsSync } from 'node:fs';
import type { Knex } from 'knex';
import type { ConnectionConfig, Value } from './connector.js';
import { ConnectorError } from './errors.js';
import type { DialectQuirks, SessionAccess } from './dialect-quirks.js';
import { localTextOf } from './time-zone.js';
import { knexDialectClient, type KnexQuery } from './private/knex.js';
import { cacheStatements, selectNamedRows, selectRawRows, type RawConnection } from './private/better-sqlite3.js';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** SQLite's own datetime text form ('YYYY-MM-DD HH:MM:SS.SSS', UTC), which sorts and compares as text. */
export function sqliteDateText(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

/** Page cache per connection, in KiB. */
const SQLITE_CACHE_KIB = 16_384;

type SqliteClientClass = new (config: Knex.Config) => {
  _query(connection: RawConnection, query: KnexQuery): Promise<unknown>;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
  connectionSettings: { filename: string; options?: { readonly?: boolean } };
  driver: new (filename: string, options: { readonly: boolean; fileMustExist: boolean }) => RawConnection;
};

let sqliteClient: typeof Knex.Client | undefined;

/**
 * Knex's better-sqlite3 client, answering a select whose options ask for `rowsAsArrays` with better-sqlite3's raw
 * rows, and opening only a file that exists (Knex would create a missing one), read-only when the settings ask.
 */
function arrayRowsClient(): typeof Knex.Client {
  const Base = knexDialectClient<SqliteClientClass>('better-sqlite3');
  class ArrayRowsClient extends Base {
    async acquireRawConnection(): Promise<RawConnection> {
      const { filename, options } = this.connectionSettings;
      return new this.driver(filename, { readonly: options?.readonly === true, fileMustExist: true });
    }

    override async _query(connection: RawConnection, query: KnexQuery): Promise<unknown> {
      if (!query.options?.rowsAsArrays) return super._query(connection, query);
      query.response = selectRawRows(connection, query.sql, this._formatBindings(query.bindings));
      return query;
    }
  }
  return ArrayRowsClient as unknown as typeof Knex.Client;
}

/** A kept lookup on the connection, run to its end before returning (better-sqlite3 is synchronous). */
const selectNow = (connection: unknown, sql: string, bindings: Value[]): unknown => selectNamedRows(connection as RawConnection, sql, bindings);

export const sqliteQuirks: DialectQuirks = {
  dialect: 'sqlite',
  supportsReturning: true,
  cancelsOnTimeout: false,
  // One connection to one file: a second, read-write pool would only contend for the file lock.
  readOnlySessions: false,
  rowsAsArrays: true,
  lookupPlan: 'statement-per-set',
  clockSql: "select cast((julianday('now') - 2440587.5) * 86400000 as integer) as now",

  // Kept lookups run on the connection's cached statement without Knex's runner, which cost more than the statement
  // (docs/PERFORMANCE.md). Nothing stops a statement in this process either way: only lookups an index serves run here
  // (sqlite-connector.ts).
  directStatements: {
    run: async (connection, _knex, sql, bindings) => selectNow(connection, sql, bindings),
    runNow: selectNow,
  },

  knexConfig(config: ConnectionConfig, access: SessionAccess): Knex.Config {
    const filename = config.filename;
    if (!filename) throw new ConnectorError('db_not_found', 'Choose the SQLite database file.');
    sqliteClient ??= arrayRowsClient();
    return {
      client: sqliteClient,
      // A function, so that a missing file is reported instead of silently created as an empty database.
      connection: () => {
        if (!existsSync(filename)) throw new ConnectorError('db_not_found', `The SQLite file "${filename}" does not exist.`);
        return { filename, options: { readonly: access === 'read-only' } };
      },
      useNullAsDefault: true,
      pool: {
        min: 0,
        max: 1,
        afterCreate(connection: RawConnection, done: (error: Error | null, connection: unknown) => void) {
          connection.pragma(`busy_timeout = ${config.queryTimeoutMs}`);
          // SQLite's default page cache is 2 MB: a sync walks the table in checkpoint order, visiting each table
          // page again and again, and with 2 MB most visits are a read() from the file. A larger cache (kept only as
          // used) made a full read cheaper (docs/PERFORMANCE.md).
          connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
          cacheStatements(connection);
          done(null, connection);
        },
      },
    };
  },

  // Local time in the connection's zone, in SQLite's own text form.
  bindDate: (date, zone) => localTextOf(date.getTime(), zone),

  whereInIgnoringCase(builder, column, values) {
    builder.whereRaw(`?? collate nocase in (${values.map(() => '?').join(', ')})`, [column, ...values]);
  },

  // In-process: a statement that threw an SQLite error did not commit.
  refusedByDatabase(error) {
    return String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_');
  },

  classifyError(error, config) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_CANTOPEN' || /unable to open database|does not exist/i.test(String((error as Error).message))) {
      return new ConnectorError('db_not_found', `The SQLite file "${config.filename}" does not exist or cannot be opened.`, { cause: error });
    }
    if (code === 'SQLITE_NOTADB') {
      return new ConnectorError('db_not_found', `"${config.filename}" is not a SQLite database.`, { cause: error });
    }
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return new ConnectorError('db_unavailable', 'The SQLite file is locked by another program.', { cause: error });
    }
    return undefined;
  },

  async listTables(knex) {
    const rows: Array<{ name: string; type: string }> = await knex('sqlite_master')
      .select('name', 'type').whereIn('type', ['table', 'view']).andWhereNot('name', 'like', 'sqlite_%').orderBy('name');
    return rows.map((row) => ({ name: row.name, kind: row.type === 'view' ? 'view' : 'table' }));
  },

  async describeColumns(knex, table) {
    const rows: Array<{ name: string; type: string; notnull: number; pk: number }> =
      await knex.select('name', 'type', 'notnull', 'pk').from(knex.raw('pragma_table_info(?)', [table]));
    if (rows.length === 0) throw new ConnectorError('db_query_failed', `There is no table or view named "${table}".`);
    return rows.map((row) => ({ name: row.name, type: row.type || 'any', nullable: row.notnull === 0 && row.pk === 0, primaryKey: row.pk > 0 }));
  },

  async listIndexes(knex, table) {
    const indexes: Array<{ name: string; unique: number }> =
      await knex.select('name', 'unique').from(knex.raw('pragma_index_list(?)', [table]));
    const result = [];
    for (const index of indexes) {
      const columns: Array<{ name: string | null }> =
        await knex.select('name').from(knex.raw('pragma_index_info(?)', [index.name])).orderBy('seqno');
      result.push({ name: index.name, unique: index.unique === 1, columns: columns.map((column) => column.name ?? '(expression)') });
    }
    const primary: Array<{ name: string }> = await knex.select('name').from(knex.raw('pragma_table_info(?)', [table]))
      .where('pk', '>', 0).orderBy('pk');
    if (primary.length > 0 && !result.some((index) => index.columns.join() === primary.map((column) => column.name).join())) {
      result.unshift({ name: 'PRIMARY KEY', unique: true, columns: primary.map((column) => column.name) });
    }
    return result;
  },
};

/** The reading process's connection (sqlite-reader-process.ts): read-only, so no statement it runs can write. */
export const sqliteReadingQuirks: DialectQuirks = { ...sqliteQuirks, readOnlySessions: true };
