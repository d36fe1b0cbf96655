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
 * (`select 1`), and caller lookups whose every filter is the leading column of an index of a stored table:
 * statements the bridge writes itself, bounded by the index, where a hop to another process would cost a ringing
 * phone time. Everything whose cost the data decides goes to the reading process (sqlite-reader.ts): custom SQL,
 * views, scans of unindexed columns (e-mails are compared without case, which a plain index cannot serve), agent
 * pages (an offset walks the rows before it), previews and introspection. Sync pages have a process of their own
 * (bridge/sync/page-places.ts).
 */
class SqliteConnector implements Connector {
  readonly dialect = 'sqlite' as const;
  private readonly local: Connector;
  private readonly reader: SqliteReader;
  /** Lower-cased names of the file's stored tables (not views), read once. */
  private tables: Set<string> | undefined;
  /** Per stored table (lower-cased), the lower-cased columns an index starts with, read at the table's first lookup. */
  private readonly leadingColumns = new Map<string, Set<string>>();

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
    return this.route([matchFilters(query)], () => this.local.findContactKeys(query), () => this.reader.call('findContactKeys', query));
  }

  selectRows(query: RowsQuery): Promise<Row[]> {
    return this.route([{ source: query.source, columns: [query.where.column] }], () => this.local.selectRows(query), () => this.reader.call('selectRows', query));
  }

  selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    const filters = queries.map((query) => ({ source: query.source, columns: [query.where.column] }));
    return this.route(filters, () => this.local.selectRowSets(queries), () => this.reader.call('selectRowSets', queries));
  }

  findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    const filters = [matchFilters(match), ...queries.map((query) => ({ source: query.source, columns: [query.contactColumn] }))];
    return this.route(filters, () => this.local.findContactRows(match, queries), () => this.reader.call('findContactRows', match, queries));
  }

  selectPage(source: Source, orderBy: string, offset: number, limit: number): Promise<Row[]> {
    return this.reader.call('selectPage', source, orderBy, offset, limit);
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
   * Runs `here` when every filter is on the leading column of an index of a stored table, else `there`. The catalog
   * is read here once per table (it is small) and then checked without waiting, as lookups are counted in
   * microseconds; a name it did not list (a view, custom SQL, a table or index made later) goes to the reading
   * process, which is always safe.
   */
  private route<T>(filters: Filter[], here: () => Promise<T>, there: () => Promise<T>): Promise<T> {
    const known = this.indexedNow(filters);
    if (known !== undefined) return known ? here() : there();
    return this.readCatalog(filters).then(() => (this.indexedNow(filters) ? here() : there()), () => there());
  }

  /** Whether every filter is served by an index, or undefined while part of the catalog is not read yet. */
  private indexedNow(filters: Filter[]): boolean | undefined {
    if (!this.tables) return undefined;
    let unread = false;
    for (const { source, columns } of filters) {
      if (!('table' in source) || !this.tables.has(source.table.toLowerCase())) return false;
      const leading = this.leadingColumns.get(source.table.toLowerCase());
      if (!leading) unread = true;
      else if (!columns.every((column) => column !== undefined && leading.has(column.toLowerCase()))) return false;
    }
    return unread ? undefined : true;
  }

  private async readCatalog(filters: Filter[]): Promise<void> {
    this.tables ??= new Set((await this.local.listTables()).filter((table) => table.kind === 'table').map((table) => table.name.toLowerCase()));
    for (const { source } of filters) {
      if (!('table' in source) || !this.tables.has(source.table.toLowerCase()) || this.leadingColumns.has(source.table.toLowerCase())) continue;
      const indexes = await this.local.listIndexes(source.table);
      this.leadingColumns.set(source.table.toLowerCase(), new Set(indexes.flatMap((index) => (index.columns[0] ? [index.columns[0].toLowerCase()] : []))));
    }
  }
}

/** The columns a query filters its source on; `undefined` stands for a filter no index serves. */
interface Filter { source: Source; columns: Array<string | undefined> }

/** A match filters on its phone and id columns; e-mails are compared without case, which a plain index cannot serve. */
function matchFilters(query: ContactMatchQuery): Filter {
  return { source: query.source, columns: [...query.equals.map((entry) => entry.column), ...(query.emails?.columns.length ? [undefined] : [])] };
}

/** Builds SQLite's Connector; neither the connection nor the reading process opens until the first call. */
export function createSqliteConnector(config: ConnectionConfig): Connector {
  return new SqliteConnector(config);
}
