// What each dialect file states about its database: settings, quirks and catalog queries; the rest is shared.
import type { Knex } from 'knex';
import type { ColumnInfo, ConnectionConfig, Dialect, IndexInfo, TableInfo, Value } from './connector.js';
import type { ConnectorError } from './errors.js';
import type { BranchForm } from './row-sets.js';

/** What a dialect states about itself; everything else is shared. */
export interface DialectQuirks {
  readonly dialect: Dialect;
  /** Knex client, connection and pool settings for this dialect, for read-only or read-write sessions. */
  knexConfig(config: ConnectionConfig, access: SessionAccess): Knex.Config;
  /** Whether reads run on read-only sessions; inserts then get their own one-session read-write pool. */
  readonly readOnlySessions: boolean;
  /**
   * The statement that starts a read-only transaction (run through `directQuery`), where the dialect has them: a
   * statement holding custom SQL runs in one, which is then rolled back. SQL Server has no read-only transactions.
   */
  readonly beginReadOnly?: string;
  /** A select of one row whose column `now` is the server's clock in milliseconds since the epoch (a number or its text). */
  readonly clockSql: string;
  /** A select whose row names the server's time zone in its columns (`zone`, else `system_zone`), where it has one. */
  readonly serverTimeZoneSql?: string;
  /** How a JavaScript Date is bound in this dialect: as local time in `zone` where a column holds no zone. */
  bindDate(date: Date, zone?: string): unknown;
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
  /**
   * Whether a LIMIT must stay out of the match's plan: PostgreSQL, told only a few rows are wanted, may walk the
   * primary key hoping to meet them early instead of using the phone indexes, hundreds of times slower (docs/PERFORMANCE.md).
   */
  readonly limitOutsidePlan?: boolean;
  /** Whether statements marked `prepare` (the hot ones, with explicit columns) are prepared once per session. */
  readonly preparesStatements?: boolean;
  /**
   * Whether the client can return rows as arrays when a query's options ask for `rowsAsArrays`. Contact pages are
   * arrays: better-sqlite3 builds each row object a property at a time, a cost on every row (docs/PERFORMANCE.md).
   */
  readonly rowsAsArrays?: boolean;
  /**
   * Whether several row sets are read in one UNION ALL (`selectRowSets`) rather than one statement each. Worth it
   * where each statement is a round trip: PostgreSQL, MySQL and SQL Server. SQLite runs in-process, where the union
   * measured slower than its two statements.
   */
  readonly unionOfRowSets?: boolean;
  /** How a union's branch with its own ORDER BY and LIMIT is written: in parentheses (the default) or as a derived table (T-SQL). */
  readonly unionBranches?: BranchForm;
  /**
   * Runs a kept lookup statement (its placeholders already in the driver's form) straight on a pooled connection,
   * without Knex's query runner, a noticeable share of a lookup's time. The session itself must stop the
   * statement at the query timeout (PostgreSQL's statement_timeout, MariaDB's max_statement_time, SQL Server's
   * requestTimeout); the runner only abandons a connection past it, and calls `stopStatement` where it cannot.
   */
  directQuery?(connection: unknown, knex: Knex, sql: string, bindings: Value[]): Promise<unknown>;
  /**
   * Stops on the server a kept statement its caller stopped waiting for, where the session cannot stop it at the query
   * timeout by itself (MySQL before 5.7.8): else it would run on to its end, and a slow lookup repeated on every call
   * would pile up on the server.
   */
  stopStatement?(knex: Knex, connection: unknown): void;
  /**
   * The name of a kept statement's parameter `index`, where a parameter may be named more than once and each is typed
   * by its own declaration (SQL Server's @p0): equal values are then bound once (`QueryRunner.direct`). Not PostgreSQL,
   * which infers a parameter's type from where it is used and refuses one used as two types.
   */
  readonly namedParameter?: (index: number) => string;
  /**
   * Whether a match over several columns is a UNION of one select per column rather than `a IN (…) OR b IN (…)`.
   * MariaDB serves the OR with an index merge that reads each matched row; the union reads each index alone
   * (covering), for less server CPU per phone lookup (docs/PERFORMANCE.md).
   */
  readonly matchByUnion?: boolean;
  /**
   * Whether a match's value lists bind as one array parameter each (`column = ANY(?)`), not one parameter per value:
   * a phone lookup then sends and parses 2 parameters instead of 50 (PostgreSQL).
   */
  readonly arrayParameters?: boolean;
  /** Whether the union needs a first, empty branch that gives each column its type (PostgreSQL). */
  readonly unionTypedHeader?: boolean;
  /**
   * Whether a contact match and the row sets of the contacts it finds go in one statement, the match as a
   * `WITH … AS MATERIALIZED` that the union's branches read (PostgreSQL runs such a CTE once however often it is
   * read; MariaDB runs a CTE again for each reference, so it keeps two statements).
   */
  readonly matchInUnion?: boolean;
}

export type SessionAccess = 'read-only' | 'read-write';
