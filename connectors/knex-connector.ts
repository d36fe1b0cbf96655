// The one Knex-based Connector; each dialect file passes only its quirks.
import knexFactory, { type Knex } from 'knex';
import type {
  ColumnInfo, ConnectionConfig, ContactMatchQuery, ContactPage, ContactPageQuery, Connector, Cursor, Dialect,
  ContactRows, ContactRowsQuery, IndexInfo, PageRow, Row, RowsQuery, Source, TableInfo, Value,
} from './connector.js';
import { ConnectorError } from './errors.js';
import { classifyCommonError } from './classify-error.js';
import { DriverDate, fieldNames, plainRow, plainValue, rawRows, type RawRow } from './driver-values.js';
import { validateSelect } from './sql-source.js';
import { StatementCache } from './statement-cache.js';
import { splitRowSets, unionOfSets, type UnionStyle } from './row-sets.js';

export { DriverDate, isoFromDatabaseText, plainValue } from './driver-values.js';

/** What a dialect states about itself; everything else is shared. */
export interface DialectQuirks {
  readonly dialect: Dialect;
  /** Knex client, connection and pool settings for this dialect, for read-only or read-write sessions. */
  knexConfig(config: ConnectionConfig, access: SessionAccess): Knex.Config;
  /** Whether reads run on read-only sessions; inserts then get their own one-session read-write pool. */
  readonly readOnlySessions: boolean;
  /** How a JavaScript Date is bound in this dialect. */
  bindDate(date: Date): unknown;
  /** Adds `column IN values`, compared without regard to case. */
  whereInIgnoringCase(builder: Knex.QueryBuilder, column: string, values: string[]): void;
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
   * primary key hoping to meet them early instead of using the phone indexes (90 ms on a million rows, not 0.15).
   */
  readonly limitOutsidePlan?: boolean;
  /** Whether statements marked `prepare` (the hot ones, with explicit columns) are prepared once per session. */
  readonly preparesStatements?: boolean;
  /**
   * Whether the client can return rows as arrays when a query's options ask for `rowsAsArrays`. Contact pages are
   * arrays: better-sqlite3 builds each row object a property at a time, 1.6 µs more a row.
   */
  readonly rowsAsArrays?: boolean;
  /**
   * How several row sets are read in one UNION ALL (`selectRowSets`); undefined reads each with its own statement.
   * SQL Server keeps one statement per set: its typing of a NULL-padded union is not checked against a real server.
   */
  readonly unionStyle?: UnionStyle;
  /**
   * Runs a kept lookup statement straight on a pooled connection, without Knex's query runner (about a tenth of a
   * lookup's time). The session itself must bound the statement's time (PostgreSQL's statement_timeout).
   */
  directQuery?(connection: unknown, knex: Knex, sql: string, bindings: Value[]): Promise<unknown>;
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

/** Lets Knex's own, more precise timeout errors arrive before the connector's overall deadline. */
const DEADLINE_GRACE_MS = 100;

/** The CTEs of a contact match read in the same statement as its contacts' rows. */
const MATCHES = 'deskbridge_matches';
const MATCHED_KEYS = 'deskbridge_keys';

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

class KnexConnector implements Connector {
  readonly dialect: Dialect;
  private readonly knex: Knex;
  private writer: Knex | undefined;
  private readonly validatedSql = new Map<string, string>();
  private readonly statements: StatementCache;

  constructor(private readonly config: ConnectionConfig, private readonly quirks: DialectQuirks) {
    this.dialect = quirks.dialect;
    this.knex = this.openPool(quirks.readOnlySessions ? 'read-only' : 'read-write');
    const direct = quirks.directQuery;
    this.statements = new StatementCache(this.knex, direct && ((sql, bindings) => this.guard(() => this.withinDeadline(this.onConnection((connection) => direct(connection, this.knex, sql, bindings))))));
  }

  private openPool(access: SessionAccess): Knex {
    const config = this.quirks.knexConfig(this.config, access);
    // Inserts (actions) are rare next to reads: one read-write session is enough beside a read-only pool.
    if (access === 'read-write' && this.quirks.readOnlySessions) config.pool = { ...config.pool, min: 0, max: 1 };
    return knexFactory({
      ...config,
      acquireConnectionTimeout: this.config.queryTimeoutMs,
      // A value with a password must never reach a log line.
      log: { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} },
    });
  }

  /** The pool inserts run on: the reading pool, or a small read-write one opened on first use. */
  private writingPool(): Knex {
    if (!this.quirks.readOnlySessions) return this.knex;
    this.writer ??= this.openPool('read-write');
    return this.writer;
  }

  async testConnection(): Promise<void> {
    await this.run(this.knex.raw('select 1 as ok'));
  }

  listTables(): Promise<TableInfo[]> {
    return this.guard(() => this.quirks.listTables(this.knex));
  }

  describeColumns(table: string): Promise<ColumnInfo[]> {
    return this.guard(() => this.quirks.describeColumns(this.knex, table));
  }

  listIndexes(table: string): Promise<IndexInfo[]> {
    return this.guard(() => this.quirks.listIndexes(this.knex, table));
  }

  async describeSource(source: Source): Promise<string[]> {
    if ('table' in source) return (await this.describeColumns(source.table)).map((column) => column.name);
    const builder = this.from(source).select('*').limit(1);
    const { sql, bindings } = builder.toSQL();
    const result = await this.run(this.knex.raw(sql, bindings as Knex.RawBinding[]));
    const rows = rawRows(result);
    if (rows[0]) return Object.keys(rows[0]);
    return fieldNames(result);
  }

  async sampleRows(source: Source, limit: number): Promise<Row[]> {
    const rows: RawRow[] = await this.run(this.from(source).select('*').limit(limit));
    return rows.map((row) => plainRow(row));
  }

  async pageContacts(query: ContactPageQuery): Promise<ContactPage> {
    const columns = unique([query.key, query.checkpoint, ...query.columns]);
    const rows: unknown[][] = [];
    let after = query.after;
    if (query.since === undefined && (!after || after.checkpoint === null)) {
      // Rows without a checkpoint value come first, by key, and only in full syncs.
      const builder = this.from(query.source).select(columns).whereNull(query.checkpoint)
        .orderBy(query.key, 'asc').limit(query.limit);
      if (after) builder.where(query.key, '>', after.key);
      rows.push(...await this.selectListed(builder, columns));
      if (rows.length === query.limit) return this.toPage(rows, columns, query);
      after = undefined;
    }
    const builder = this.from(query.source).select(columns)
      .orderBy([{ column: query.checkpoint, order: 'asc' }, { column: query.key, order: 'asc' }])
      .limit(query.limit - rows.length);
    if (after) {
      const { checkpoint, key } = after;
      // `>=` lets an index on (checkpoint, key) serve the range; the OR trims the rows already sent.
      builder.where(query.checkpoint, '>=', checkpoint as Value)
        .andWhere((inner) => inner.where(query.checkpoint, '>', checkpoint as Value).orWhere(query.key, '>', key));
    } else if (query.since !== undefined) {
      builder.where(query.checkpoint, '>=', query.since);
    } else {
      builder.whereNotNull(query.checkpoint);
    }
    rows.push(...await this.selectListed(builder, columns));
    return this.toPage(rows, columns, query);
  }

  async findContactKeys(query: ContactMatchQuery): Promise<Value[]> {
    const keys = new Map<string, Value>();
    const collect = (rows: RawRow[]): void => {
      for (const row of rows) {
        const key = plainValue(row[query.key]);
        if (key !== undefined && keys.size < query.limit) keys.set(String(key), key);
      }
    };
    const equals = query.equals.filter(({ values }) => values.length > 0);
    if (equals.length > 0) {
      // One statement: planners serve `a IN (…) OR b IN (…)` with both indexes (union / index merge / bitmap OR).
      // Each row comes once, so no DISTINCT; the LIMIT stops a switchboard number shared by thousands of contacts.
      const build = () => {
        const matches = this.matchesOf(query.source, query.key, equals);
        return this.quirks.limitOutsidePlan
          ? this.knex.withMaterialized('matches', matches).select(query.key).from('matches').limit(query.limit)
          : matches.limit(query.limit);
      };
      const shape = `keys:${this.matchShape(query.source, query.key, equals)}`;
      const parts = [{ lists: equals.map(({ values }) => values), limit: query.limit }];
      collect(await this.statements.rows(shape, parts, build, (statement) => this.run(this.prepared(statement))));
    }
    for (const column of query.emails?.columns ?? []) {
      const values = query.emails?.values ?? [];
      if (values.length === 0 || keys.size >= query.limit) continue;
      const builder = this.from(query.source).distinct(query.key).limit(query.limit);
      this.quirks.whereInIgnoringCase(builder, column, values);
      collect(await this.run<RawRow[]>(this.prepared(builder)));
    }
    return [...keys.values()];
  }

  async selectRows(query: RowsQuery): Promise<Row[]> {
    if (query.where.values.length === 0) return [];
    const build = () => this.rowsOf(query).select(unique(query.columns));
    const rows = await this.statements.rows(`rows:${this.rowsShape(query)}`, [{ lists: [query.where.values], limit: query.limit }], build,
      (statement) => this.run(this.prepared(statement)));
    return rows.map((row) => plainRow(row));
  }

  async selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    const results = queries.map((): Row[] => []);
    const live = queries.flatMap((query, index) => (query.where.values.length > 0 ? [{ query, index }] : []));
    const style = this.quirks.unionStyle;
    if (live.length < 2 || !style) {
      await Promise.all(live.map(async ({ query, index }) => { results[index] = await this.selectRows(query); }));
      return results;
    }
    const sets = live.map(({ query }) => ({ query, columns: unique(query.columns) }));
    const build = () => {
      const union = unionOfSets(this.knex, sets.map(({ query, columns }) => ({ from: this.rowsOf(query), columns })), style,
        this.quirks.unionTypedHeader ? this.crossJoined(sets.map(({ query }) => query.source)) : undefined);
      return this.knex.raw(union.sql, union.bindings);
    };
    const shape = `sets:${sets.map(({ query }) => this.rowsShape(query)).join(',')}`;
    const parts = sets.map(({ query }) => ({ lists: [query.where.values], limit: query.limit }));
    const rows = await this.statements.rows(shape, parts, build, (statement) => this.run(this.prepared(statement)));
    splitRowSets(rows, sets).forEach((rowsOfSet, position) => { results[live[position]!.index] = rowsOfSet; });
    return results;
  }

  async findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    const equals = match.equals.filter(({ values }) => values.length > 0);
    const style = this.quirks.unionStyle;
    if (!this.quirks.matchInUnion || !style || equals.length === 0 || (match.emails?.values.length ?? 0) > 0 || queries.length === 0) {
      const keys = await this.findContactKeys(match);
      const withKeys = queries.map(({ contactColumn, ...query }) => ({ ...query, where: { column: contactColumn, values: keys } }));
      return { keys, rowSets: await this.selectRowSets(withKeys) };
    }
    // The match's keys are a CTE every branch reads; one more branch returns them, so the caller knows who matched.
    const keysOf = () => this.knex.select(match.key).from(MATCHED_KEYS);
    const sets = [
      ...queries.map((query) => ({ source: query.source, columns: unique(query.columns), from: this.rowsOf({ ...query, where: { column: query.contactColumn, values: keysOf() } }) })),
      { source: { table: MATCHED_KEYS }, columns: [match.key], from: this.knex.from(MATCHED_KEYS) },
    ];
    const build = () => {
      const matches = this.matchesOf(match.source, match.key, equals).toSQL();
      const union = unionOfSets(this.knex, sets, style, this.quirks.unionTypedHeader ? this.crossJoined(sets.map(({ source }) => source)) : undefined);
      return this.knex.raw(`with ?? as materialized (${matches.sql}), ?? as materialized (select ?? from ?? limit ?) ${union.sql}`,
        [MATCHES, ...matches.bindings, MATCHED_KEYS, match.key, MATCHES, match.limit, ...union.bindings] as Knex.RawBinding[]);
    };
    const shape = `matched:${this.matchShape(match.source, match.key, equals)}:${queries.map((query) => JSON.stringify([query.contactColumn, this.rowsShape({ ...query, where: { column: '', values: [] } })])).join(',')}`;
    const parts = [{ lists: equals.map(({ values }) => values), limit: match.limit }, ...queries.map((query) => ({ lists: [], limit: query.limit })), { lists: [] }];
    const split = splitRowSets(await this.statements.rows(shape, parts, build, (statement) => this.run(this.prepared(statement))), sets);
    const keys = split.pop()!.map((row) => row[match.key]).filter((key) => key !== undefined);
    return { keys, rowSets: split };
  }

  async selectPage(source: Source, orderBy: string, offset: number, limit: number): Promise<Row[]> {
    const rows: RawRow[] = await this.run(this.from(source).select('*').orderBy(orderBy, 'asc').offset(offset).limit(limit));
    return rows.map((row) => plainRow(row));
  }

  async insertRow(table: string, values: Record<string, Value | Date | null>, returning?: string): Promise<Value | undefined> {
    const bound: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(values)) {
      bound[column] = value instanceof Date ? this.quirks.bindDate(value) : value;
    }
    const builder = this.writingPool()(table).insert(bound);
    if (returning && this.quirks.supportsReturning) builder.returning(returning);
    const result: unknown[] = await this.run(builder);
    const first = result[0];
    if (first !== null && typeof first === 'object' && returning) return plainValue((first as RawRow)[returning]);
    return plainValue(first);
  }

  async close(): Promise<void> {
    await Promise.all([this.knex.destroy(), this.writer?.destroy()]);
  }

  /** Marks a statement with an explicit column list as worth preparing once per session, where the dialect can. */
  private prepared<T extends Knex.QueryBuilder | Knex.Raw>(statement: T): T {
    return this.quirks.preparesStatements ? statement.options({ prepare: true }) as T : statement;
  }

  /** Runs a select of exactly `columns`; each row comes as an array of the driver's values in that order. */
  private async selectListed(builder: Knex.QueryBuilder, columns: string[]): Promise<unknown[][]> {
    if (this.quirks.rowsAsArrays) return this.run<unknown[][]>(this.prepared(builder).options({ rowsAsArrays: true }));
    const rows = await this.run<RawRow[]>(this.prepared(builder));
    return rows.map((row) => columns.map((column) => row[column]));
  }

  private from(source: Source): Knex.QueryBuilder {
    if ('table' in source) return this.knex(source.table);
    return this.knex.from(this.knex.raw(`(${this.sourceSql(source.sql)}) as src`));
  }

  private sourceSql(text: string): string {
    let sql = this.validatedSql.get(text);
    if (sql === undefined) {
      sql = validateSelect(text);
      this.validatedSql.set(text, sql);
    }
    return sql;
  }

  /** Keys of the rows whose columns hold any of their values: one statement, `a IN (…) OR b IN (…)`, which planners serve with both indexes. */
  private matchesOf(source: Source, key: string, equals: ContactMatchQuery['equals']): Knex.QueryBuilder {
    return this.from(source).select(key).where((inner) => {
      for (const { column, values } of equals) inner.orWhereIn(column, values);
    });
  }

  private matchShape(source: Source, key: string, equals: ContactMatchQuery['equals']): string {
    return JSON.stringify([source, key, equals.map(({ column, values }) => [column, values.length])]);
  }

  /** The rows a query selects, filtered, ordered and capped, before its column list. */
  private rowsOf(query: Omit<RowsQuery, 'where'> & { where: { column: string; values: Value[] | Knex.QueryBuilder } }): Knex.QueryBuilder {
    const builder = this.from(query.source).whereIn(query.where.column, query.where.values).limit(query.limit);
    if (query.orderBy) builder.orderBy(query.orderBy.column, query.orderBy.direction);
    return builder;
  }

  /** What a rows query's SQL depends on: everything but its values and limit. */
  private rowsShape(query: RowsQuery): string {
    return JSON.stringify([query.source, query.columns, query.where.column, query.where.values.length, query.orderBy ?? null]);
  }

  /** The sources side by side as h0, h1, …: the FROM of a union's typed header. */
  private crossJoined(sources: Source[]): Knex.QueryBuilder {
    const builder = this.knex.queryBuilder();
    sources.forEach((source, index) => {
      const item = 'table' in source ? this.knex.raw('?? as ??', [source.table, `h${index}`]) : this.knex.raw(`(${this.sourceSql(source.sql)}) as ??`, [`h${index}`]);
      if (index === 0) builder.from(item);
      else builder.crossJoin(item);
    });
    return builder;
  }

  /** The page of rows read in `columns` order, its values made plain in place. */
  private toPage(rows: unknown[][], columns: string[], query: ContactPageQuery): ContactPage {
    const lastRow = rows.at(-1);
    if (!lastRow) return { columns, rows: [] };
    const key = plainValue(lastRow[columns.indexOf(query.key)]);
    if (key === undefined) {
      throw new ConnectorError('db_query_failed', `The key column "${query.key}" is NULL in some rows; it must be unique and never empty.`);
    }
    const checkpoint = lastRow[columns.indexOf(query.checkpoint)];
    // The cursor keeps the database's own text for dates, so binding it back loses no precision.
    const last: Cursor = { checkpoint: checkpoint instanceof DriverDate ? checkpoint.bound : plainValue(checkpoint) ?? null, key };
    for (const row of rows) {
      for (let index = 0; index < row.length; index += 1) {
        const value = row[index];
        if (typeof value !== 'string') row[index] = plainValue(value);
      }
    }
    return { columns, rows: rows as PageRow[], last };
  }

  private async run<T = unknown>(builder: Knex.QueryBuilder | Knex.Raw): Promise<T> {
    const timed = builder.timeout(this.config.queryTimeoutMs, { cancel: this.quirks.cancelsOnTimeout });
    return this.guard(() => this.withinDeadline(Promise.resolve(timed) as Promise<T>));
  }

  /**
   * Knex times the wait for a connection, the query and its cancellation (a second connection) one after another,
   * so an unreachable database could hold a caller for several timeouts; the caller waits for at most one.
   * The abandoned query still ends by itself: Knex cancels it or discards its connection.
   */
  private withinDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const seconds = (this.config.queryTimeoutMs / 1000).toFixed(1);
        reject(new ConnectorError('db_timeout', `The database did not answer within ${seconds} s.`));
      }, this.config.queryTimeoutMs + DEADLINE_GRACE_MS);
    });
    work.catch(() => {});
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

  /**
   * Runs `work` on a pooled connection, as Knex's runner would: past the query timeout the connection is marked for
   * the pool to destroy (a hung server must not keep a pool slot), and it goes back to the pool at once.
   */
  private async onConnection<T>(work: (connection: unknown) => Promise<T>): Promise<T> {
    const client = this.knex.client as { acquireConnection(): Promise<{ __knex__disposed?: unknown }>; releaseConnection(connection: unknown): Promise<unknown> };
    const connection = await client.acquireConnection();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        connection.__knex__disposed = 'query timeout';
        reject(new ConnectorError('db_timeout', `The database did not answer within ${(this.config.queryTimeoutMs / 1000).toFixed(1)} s.`));
      }, this.config.queryTimeoutMs);
    });
    const running = work(connection);
    running.catch(() => {});
    try {
      return await Promise.race([running, timedOut]);
    } finally {
      clearTimeout(timer);
      void client.releaseConnection(connection);
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    return this.quirks.classifyError(error, this.config) ?? classifyCommonError(error, this.config);
  }
}

/** Builds a Connector for a dialect's quirks; the driver loads on first use. */
export function createKnexConnector(config: ConnectionConfig, quirks: DialectQuirks): Connector {
  return new KnexConnector(config, quirks);
}
