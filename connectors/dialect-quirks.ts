// What each dialect file states about its database: settings, quirks and catalog queries; the rest is shared.
import type { Knex } from 'knex';
import type { ColumnInfo, ConnectionConfig, Dialect, IndexInfo, TableInfo, Value } from './connector.js';
import type { ConnectorError } from './errors.js';
import type { LookupPlanName } from './lookup-plans.js';

/** What a dialect states about itself; everything else is shared. */
export interface DialectQuirks {
  readonly dialect: Dialect;
  /** Knex client, connection and pool settings for this dialect, for read-only or read-write sessions. */
  knexConfig(config: ConnectionConfig, access: SessionAccess): Knex.Config;
  /** Whether reads run on read-only sessions; inserts then get their own one-session read-write pool. */
  readonly readOnlySessions: boolean;
  /** A select of one row whose column `now` is the server's clock in milliseconds since the epoch (a number or its text). */
  readonly clockSql: string;
  /** A select whose row names the server's time zone in its columns (`zone`, else `system_zone`), where it has one. */
  readonly serverTimeZoneSql?: string;
  /**
   * How a JavaScript Date is bound: as local time in `zone` for a column that holds no zone, as the instant for one
   * that does (`zoned`, told where the dialect states isZonedColumnType).
   */
  bindDate(date: Date, zone: string, zoned: boolean): unknown;
  /**
   * Whether a column of this type (as describeColumns names it) holds instants, so a Date written to it is bound so.
   * Absent where one binding serves every column (PostgreSQL's text with an offset) or no type holds a zone (SQLite).
   */
  isZonedColumnType?(type: string): boolean;
  /** Adds `column IN values`, compared without regard to case. */
  whereInIgnoringCase(builder: Knex.QueryBuilder, column: string, values: string[]): void;
  /**
   * Whether a driver error is the database's own answer refusing a statement (a constraint, a syntax error, its own
   * statement timeout): the statement then took no effect. A lost connection or a fatal session error is not.
   */
  refusedByDatabase(error: unknown): boolean;
  /** Recognises this driver's errors; undefined leaves the error to the shared rules. */
  classifyError(error: unknown, config: ConnectionConfig): ConnectorError | undefined;
  listTables(knex: Knex): Promise<TableInfo[]>;
  describeColumns(knex: Knex, table: string): Promise<ColumnInfo[]>;
  listIndexes(knex: Knex, table: string): Promise<IndexInfo[]>;
  /** Whether `INSERT … RETURNING` (or OUTPUT) gives the new key. */
  readonly supportsReturning: boolean;
  /** Whether the driver can cancel a query that ran past its timeout. */
  readonly cancelsOnTimeout: boolean;
  /** Whether statements marked `prepare` (the hot ones, with explicit columns) are prepared once per session. */
  readonly preparesStatements?: boolean;
  /**
   * Whether the client can return rows as arrays when a query's options ask for `rowsAsArrays`. Contact pages are
   * arrays: better-sqlite3 builds each row object a property at a time, a cost on every row (docs/PERFORMANCE.md).
   */
  readonly rowsAsArrays?: boolean;
  /** How a caller lookup reads its contacts and their rows: one named plan per dialect (lookup-plans.ts). */
  readonly lookupPlan: LookupPlanName;
  /**
   * Runs kept lookup statements straight on a pooled connection, without Knex's query runner, a noticeable share of
   * a lookup's time (docs/PERFORMANCE.md).
   */
  readonly directStatements?: DirectStatements;
}

export type SessionAccess = 'read-only' | 'read-write';

/**
 * Kept statements run straight on a pooled connection. The session itself must stop a statement at the query timeout
 * (PostgreSQL's statement_timeout, MariaDB's max_statement_time, SQL Server's requestTimeout); the runner only
 * abandons a connection past it, and calls `stop` where the session cannot.
 */
export interface DirectStatements {
  /** Runs one statement (its placeholders already in the driver's form) on `connection`. */
  run(connection: unknown, knex: Knex, sql: string, bindings: Value[]): Promise<unknown>;
  /**
   * Runs it to its end before returning, where the driver is in-process and synchronous (SQLite): no deadline can
   * fire while it runs and no other caller can use the connection meanwhile, so a connection the pool holds free is
   * used as it is, without the pool's wait and the deadlines' timers (`QueryRunner.direct`).
   */
  runNow?(connection: unknown, sql: string, bindings: Value[]): unknown;
  /**
   * Stops on the server a kept statement its caller stopped waiting for, where the session cannot stop it at the query
   * timeout by itself (MySQL before 5.7.8): else it would run on to its end, and a slow lookup repeated on every call
   * would pile up on the server.
   */
  stop?(knex: Knex, connection: unknown): void;
  /**
   * The statement that starts a read-only transaction, where the dialect has them: a statement holding custom SQL
   * runs in one, which is then rolled back. SQL Server has no read-only transactions.
   */
  readonly beginReadOnly?: string;
  /**
   * The name of a kept statement's parameter `index`, where a parameter may be named more than once and each is typed
   * by its own declaration (SQL Server's @p0): equal values are then bound once (`QueryRunner.direct`). Not PostgreSQL,
   * which infers a parameter's type from where it is used and refuses one used as two types.
   */
  readonly namedParameter?: (index: number) => string;
}
