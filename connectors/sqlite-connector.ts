// SQLite's Connector: reads whose cost the user decides run in a process ended at the timeout; the rest stays here.
import type {
  ColumnInfo, ConnectionConfig, ContactMatchQuery, ContactPage, ContactPageQuery, ContactRows, ContactRowsQuery, Connector,
  IndexInfo, InsertOptions, Row, RowsQuery, Source, TableInfo, UserAccess, Value,
} from './connector.js';
import { createKnexConnector } from './knex-connector.js';
import { sqliteQuirks } from './sqlite.js';
import { SqliteReader } from './sqlite-reader.js';

/**
 * A statement on this process's connection cannot be stopped, and holds the event loop while it runs (/health and
 * every other integration wait). What stays here: inserts (the one read-write connection), the connection test
 * (`select 1`), and caller lookups and agent pages whose every source is a stored table: statements the bridge
 * writes itself, where a hop to another process would cost a ringing phone time. Custom SQL, views, previews and
 * introspection go to the reading process (sqlite-reader.ts); sync pages have a process of their own
 * (bridge/sync/page-places.ts).
 */
class SqliteConnector implements Connector {
  readonly dialect = 'sqlite' as const;
  private readonly local: Connector;
  private readonly reader: SqliteReader;
  /** Lower-cased names of the file's stored tables (not views), read once. */
  private tables: Set<string> | undefined;

  constructor(config: ConnectionConfig) {
    this.local = createKnexConnector(config, sqliteQuirks);
    this.reader = new SqliteReader(config);
  }

  testConnection(): Promise<void> {
    return this.local.testConnection();
  }

  listTables(): Promise<TableInfo[]> {
    return this.reader.call('listTables');
  }

  describeColumns(table: string): Promise<ColumnInfo[]> {
    return this.reader.call('describeColumns', table);
  }

  listIndexes(table: string): Promise<IndexInfo[]> {
    return this.reader.call('listIndexes', table);
  }

  describeSource(source: Source): Promise<string[]> {
    return this.reader.call('describeSource', source);
  }

  sampleRows(source: Source, limit: number, columns?: string[]): Promise<Row[]> {
    return this.reader.call('sampleRows', source, limit, columns);
  }

  pageContacts(query: ContactPageQuery): Promise<ContactPage> {
    return this.reader.call('pageContacts', query);
  }

  findContactKeys(query: ContactMatchQuery): Promise<Value[]> {
    return this.route([query.source], () => this.local.findContactKeys(query), () => this.reader.call('findContactKeys', query));
  }

  selectRows(query: RowsQuery): Promise<Row[]> {
    return this.route([query.source], () => this.local.selectRows(query), () => this.reader.call('selectRows', query));
  }

  selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    return this.route(queries.map((query) => query.source), () => this.local.selectRowSets(queries), () => this.reader.call('selectRowSets', queries));
  }

  findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    const sources = [match.source, ...queries.map((query) => query.source)];
    return this.route(sources, () => this.local.findContactRows(match, queries), () => this.reader.call('findContactRows', match, queries));
  }

  selectPage(source: Source, orderBy: string, offset: number, limit: number): Promise<Row[]> {
    return this.route([source], () => this.local.selectPage(source, orderBy, offset, limit), () => this.reader.call('selectPage', source, orderBy, offset, limit));
  }

  /** A scan of the whole source: its cost is the data's. */
  countNulls(source: Source, column: string): Promise<number> {
    return this.reader.call('countNulls', source, column);
  }

  describeAccess(): Promise<UserAccess> {
    return this.local.describeAccess();
  }

  serverTimeZone(): Promise<string | undefined> {
    return this.local.serverTimeZone();
  }

  databaseClock(): Promise<number> {
    return this.local.databaseClock();
  }

  insertRow(table: string, values: Record<string, Value | Date | null>, options?: InsertOptions): Promise<Value | undefined> {
    return this.local.insertRow(table, values, options);
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close(), this.reader.close()]);
  }

  /**
   * Runs `here` when every source is a stored table of the file, else `there`. The catalog is read here once (it is
   * small) and then checked without waiting, as lookups are counted in microseconds; a name it did not list (a view,
   * custom SQL, a table made later) goes to the reading process, which is always safe.
   */
  private route<T>(sources: Source[], here: () => Promise<T>, there: () => Promise<T>): Promise<T> {
    const choose = (tables: Set<string>) => (sources.every((source) => 'table' in source && tables.has(source.table.toLowerCase())) ? here() : there());
    if (this.tables) return choose(this.tables);
    return this.local.listTables().then(
      (tables) => {
        this.tables = new Set(tables.filter((table) => table.kind === 'table').map((table) => table.name.toLowerCase()));
        return choose(this.tables);
      },
      () => there(),
    );
  }
}

/** Builds SQLite's Connector; neither the connection nor the reading process opens until the first call. */
export function createSqliteConnector(config: ConnectionConfig): Connector {
  return new SqliteConnector(config);
}
