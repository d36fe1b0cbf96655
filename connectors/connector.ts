// The one contract every database source honours; the bridge knows databases only through it.

/** The database engines Deskbridge reads. */
export type Dialect = 'sqlite' | 'mysql' | 'mssql' | 'postgres';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'mysql', 'mssql', 'postgres'];

/** Connection settings with secrets already resolved to plain values (never logged). */
export interface ConnectionConfig {
  dialect: Dialect;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  /** SQL Server only: a SQL Server login (`sql`, the default) or a Windows domain account through NTLM (`ntlm`, with `domain`). */
  authentication?: 'sql' | 'ntlm';
  domain?: string;
  /** SQLite only: path of the database file. */
  filename?: string;
  /** Dialect extras: mssql `encrypt`, `trustServerCertificate`, `instanceName`; mysql/postgres `ssl`. */
  options?: Record<string, unknown>;
  /** IANA zone of the database's zone-less date and time values (default UTC): read as local time there, written so. */
  timeZone?: string;
  /** Every query is cancelled (or abandoned) after this many milliseconds. */
  queryTimeoutMs: number;
  pool: { max: number };
}

/**
 * A condition every row of a table source must meet (a soft-delete flag, say). `!=` keeps rows whose value differs or
 * is empty (NULL), which is what "not deleted" means for a flag column that may be unset.
 */
export interface SourceFilter {
  column: string;
  op: '=' | '!=' | 'is null' | 'is not null';
  /** For `=` and `!=` only. */
  value?: Value;
}

/** Where rows come from: a table or view (with filters applied in every query), or one read-only SELECT wrapped as a subquery. */
export type Source = { table: string; where?: SourceFilter[] } | { sql: string };

/** A database value as the bridge sees it: dates are UTC ISO-8601 strings, big integers strings, NULL absent. */
export type Value = string | number | boolean;
export type Row = Record<string, Value>;

/** A position in (checkpoint, key) order. Values are the connector's own, bound back verbatim. */
export interface Cursor {
  checkpoint: Value | null;
  key: Value;
  /** When the checkpoint is a date the driver typed: its instant, UTC ISO-8601. */
  at?: string;
}

export interface ContactPageQuery {
  source: Source;
  key: string;
  checkpoint: string;
  /** Columns to read (key and checkpoint are always read). */
  columns: string[];
  /** Start strictly after this position. */
  after?: Cursor;
  /** Incremental run start: rows whose checkpoint is greater than or equal to this value. */
  since?: Value;
  limit: number;
}

/** A row's values in the order of its page's columns; NULL is undefined. */
export type PageRow = Array<Value | undefined>;

export interface ContactPage {
  /** The columns read: key, checkpoint, then the query's columns, each once. */
  columns: string[];
  /** Arrays, not objects: a sync maps millions of rows, and builds each contact straight from one. */
  rows: PageRow[];
  /** Position of the last row, when the page is not empty. */
  last?: Cursor;
}

/** A page's rows as named rows, NULLs absent. */
export function namedPageRows(page: ContactPage): Row[] {
  return page.rows.map((values) => {
    const row: Row = {};
    page.columns.forEach((column, index) => {
      const value = values[index];
      if (value !== undefined) row[column] = value;
    });
    return row;
  });
}

export interface ContactMatchQuery {
  source: Source;
  key: string;
  /** Column -> exact values to match (an index can serve `IN`). */
  equals: Array<{ column: string; values: Value[] }>;
  /** Columns compared case-insensitively against these e-mails. */
  emails?: { columns: string[]; values: string[] };
  limit: number;
}

export interface RowsQuery {
  source: Source;
  columns: string[];
  where: { column: string; values: Value[] };
  orderBy?: { column: string; direction: 'asc' | 'desc' };
  limit: number;
}

/** Rows of a source that belong to contacts found by a match: its `contactColumn` holds their keys. */
export interface ContactRowsQuery extends Omit<RowsQuery, 'where'> {
  contactColumn: string;
}

export interface ContactRows {
  /** The contacts the match found. */
  keys: Value[];
  /** Each query's rows of those contacts, as `selectRows` reads them. */
  rowSets: Row[][];
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
}

export interface TableInfo {
  schema?: string;
  name: string;
  kind: 'table' | 'view';
}

export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface InsertOptions {
  /** The column whose new value the insert returns (its key), where the dialect reports it. */
  returning?: string;
  /**
   * Called just before the statement leaves for the database: from then on a failure leaves the outcome unknown. A
   * throw keeps the statement from leaving (nothing is written) and becomes the insert's error.
   */
  sending?: () => void;
}

/** What the connection's user may do beyond reading, so the wizard can warn when it is more than an integration needs. */
export interface UserAccess {
  /** Who the database says the user is (`reader@%`, `postgres`, a file's path for SQLite). */
  user: string;
  /** Why the user is an administrator (superuser, root, ALL PRIVILEGES, FILE, sysadmin, db_owner), or undefined. */
  administrator?: string;
  /** Tables the user may insert into, update or delete from; `*` stands for every table of the database. */
  writableTables: string[];
}

/** A database source. Every method runs parameterized SQL under the connection's query timeout. */
export interface Connector {
  readonly dialect: Dialect;
  /** Opens a connection and runs a trivial query; throws ConnectorError with a human message. */
  testConnection(): Promise<void>;
  /** What the connection's user may do beyond reading (from the database's own catalog, or the file's permissions). */
  describeAccess(): Promise<UserAccess>;
  listTables(): Promise<TableInfo[]>;
  describeColumns(table: string): Promise<ColumnInfo[]>;
  listIndexes(table: string): Promise<IndexInfo[]>;
  /** Columns a source yields (for a SELECT, from a zero-row run of it). */
  describeSource(source: Source): Promise<string[]>;
  /** First rows of a source, for previews; only `columns` when given (leaving out pictures and files keeps a sample small). */
  sampleRows(source: Source, limit: number, columns?: string[]): Promise<Row[]>;
  /** One keyset page in ascending (checkpoint, key) order. */
  pageContacts(query: ContactPageQuery): Promise<ContactPage>;
  /** Keys of the contacts matching any of the given values. */
  findContactKeys(query: ContactMatchQuery): Promise<Value[]>;
  /** Rows of a source filtered by one column, ordered and capped. */
  selectRows(query: RowsQuery): Promise<Row[]>;
  /** What `selectRows` gives for each query, read in one statement where the dialect can: one round trip for all. */
  selectRowSets(queries: RowsQuery[]): Promise<Row[][]>;
  /** What `findContactKeys` then `selectRowSets` give for the keys found, in one statement where the dialect can. */
  findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows>;
  /** How many rows of a source have NULL in a column. */
  countNulls(source: Source, column: string): Promise<number>;
  /** Rows ordered by a column, from a numeric offset (small tables only: agents). */
  selectPage(source: Source, orderBy: string, offset: number, limit: number): Promise<Row[]>;
  /** The database server's own time zone as an IANA name, where it tells one; undefined otherwise. */
  serverTimeZone(): Promise<string | undefined>;
  /** The database server's clock, in milliseconds since the epoch (what its own timestamps are stamped with). */
  databaseClock(): Promise<number>;
  /**
   * Inserts one row; returns the new row's key when the database reports it. Throws `db_outcome_unknown` when the
   * statement was sent but its answer never came (the row may exist): such a call must not be retried blindly.
   */
  insertRow(table: string, values: Record<string, Value | Date | null>, options?: InsertOptions): Promise<Value | undefined>;
  close(): Promise<void>;
}
