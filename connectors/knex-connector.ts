// The one Knex-based Connector; each dialect file passes only its quirks.
import knexFactory, { type Knex } from 'knex';
import type {
  ColumnInfo, ConnectionConfig, ContactMatchQuery, ContactPage, ContactPageQuery, Connector, Cursor, Dialect,
  ContactRows, ContactRowsQuery, IndexInfo, InsertOptions, PageRow, Row, RowsQuery, Source, TableInfo, UserAccess, Value,
} from './connector.js';
import type { DialectQuirks, SessionAccess } from './dialect-quirks.js';
import { ConnectorError } from './errors.js';
import { explainWrongServer } from './server-kind.js';
import { DriverDate, fieldNames, plainRow, plainValue, rawRows, unique, type RawRow } from './driver-values.js';
import { capped } from './lookup-plans.js';
import { LookupStatements } from './lookup-statements.js';
import { QueryRunner } from './query-runner.js';
import { hasCustomSql, Sources } from './sql-source.js';
import { describeUserAccess } from './user-access.js';
import { isRegionTimeZone } from './time-zone.js';

export { DriverDate, isoFromDatabaseText, plainValue } from './driver-values.js';
export type { DialectQuirks, SessionAccess } from './dialect-quirks.js';

class KnexConnector implements Connector {
  readonly dialect: Dialect;
  private readonly knex: Knex;
  private writer: Knex | undefined;
  private readonly runner: QueryRunner;
  private readonly sources: Sources;
  private readonly lookups: LookupStatements;
  /** Per table an action writes to, its columns that hold instants (zonedColumnsOf). */
  private readonly zonedColumns = new Map<string, Promise<Set<string>>>();

  constructor(private readonly config: ConnectionConfig, private readonly quirks: DialectQuirks) {
    this.dialect = quirks.dialect;
    this.knex = this.openPool(quirks.readOnlySessions ? 'read-only' : 'read-write');
    this.runner = new QueryRunner(this.knex, config, quirks);
    this.sources = new Sources(this.knex, quirks.dialect);
    this.lookups = new LookupStatements(this.knex, quirks, this.runner, this.sources);
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
    try {
      await this.runner.run(this.knex.raw('select 1 as ok'));
    } catch (error) {
      throw await explainWrongServer(error, this.config);
    }
  }

  describeAccess(): Promise<UserAccess> {
    return this.runner.guard(() => describeUserAccess(this.dialect, this.knex, this.config));
  }

  listTables(): Promise<TableInfo[]> {
    return this.runner.guard(() => this.quirks.listTables(this.knex));
  }

  describeColumns(table: string): Promise<ColumnInfo[]> {
    return this.runner.guard(() => this.quirks.describeColumns(this.knex, table));
  }

  listIndexes(table: string): Promise<IndexInfo[]> {
    return this.runner.guard(() => this.quirks.listIndexes(this.knex, table));
  }

  async describeSource(source: Source): Promise<string[]> {
    if ('table' in source) return (await this.describeColumns(source.table)).map((column) => column.name);
    const builder = this.sources.from(source).select('*').limit(1);
    const { sql, bindings } = builder.toSQL();
    const result = await this.runner.run(this.knex.raw(sql, bindings as Knex.RawBinding[]), hasCustomSql(source));
    const rows = rawRows(result);
    if (rows[0]) return Object.keys(rows[0]);
    return fieldNames(result);
  }

  async sampleRows(source: Source, limit: number, columns?: string[]): Promise<Row[]> {
    const rows: RawRow[] = await this.runner.run(this.sources.from(source).select(columns ?? '*').limit(limit), hasCustomSql(source));
    return rows.map((row) => plainRow(row));
  }

  async pageContacts(query: ContactPageQuery): Promise<ContactPage> {
    const columns = unique([query.key, query.checkpoint, ...query.columns]);
    const rows: unknown[][] = [];
    let after = query.after;
    if (query.since === undefined && (!after || after.checkpoint === null)) {
      // Rows without a checkpoint value come first, by key, and only in full syncs.
      // Limits written into the SQL, as the lookups' are (lookup-plans.ts): a page's statement is planned once.
      const builder = capped(this.sources.from(query.source).select(columns).whereNull(query.checkpoint).orderBy(query.key, 'asc'), query.limit);
      if (after) builder.where(query.key, '>', after.key);
      rows.push(...await this.selectListed(builder, columns, query.source));
      if (rows.length === query.limit) return this.toPage(rows, columns, query);
      after = undefined;
    }
    const builder = capped(this.sources.from(query.source).select(columns)
      .orderBy([{ column: query.checkpoint, order: 'asc' }, { column: query.key, order: 'asc' }]), query.limit - rows.length);
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
    rows.push(...await this.selectListed(builder, columns, query.source));
    return this.toPage(rows, columns, query);
  }

  findContactKeys(query: ContactMatchQuery): Promise<Value[]> {
    return this.lookups.findContactKeys(query);
  }

  selectRows(query: RowsQuery): Promise<Row[]> {
    return this.lookups.selectRows(query);
  }

  selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    return this.lookups.selectRowSets(queries);
  }

  findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    return this.lookups.findContactRows(match, queries);
  }

  async countNulls(source: Source, column: string): Promise<number> {
    const rows: RawRow[] = await this.runner.run(this.sources.from(source).count({ n: '*' }).whereNull(column), hasCustomSql(source));
    return Number(rows[0]?.n ?? 0);
  }

  async selectPage(source: Source, orderBy: string, offset: number, limit: number): Promise<Row[]> {
    const rows: RawRow[] = await this.runner.run(this.sources.from(source).select('*').orderBy(orderBy, 'asc').offset(offset).limit(limit), hasCustomSql(source));
    return rows.map((row) => plainRow(row));
  }

  async serverTimeZone(): Promise<string | undefined> {
    if (!this.quirks.serverTimeZoneSql) return undefined;
    const [row] = rawRows(await this.runner.run(this.knex.raw(this.quirks.serverTimeZoneSql)));
    // "SYSTEM" (MySQL: the operating system's), an offset such as "+01:00" or an abbreviation such as "EST" names no
    // region's rules (isRegionTimeZone).
    return [row?.zone, row?.system_zone].map((zone) => String(zone ?? '')).find(isRegionTimeZone);
  }

  async databaseClock(): Promise<number> {
    const [row] = rawRows(await this.runner.run(this.knex.raw(this.quirks.clockSql)));
    const now = Number(row?.now);
    if (!Number.isFinite(now)) throw new ConnectorError('db_query_failed', 'The database did not tell its current time.');
    return now;
  }

  async insertRow(table: string, values: Record<string, Value | Date | null>, options: InsertOptions = {}): Promise<Value | undefined> {
    const { returning } = options;
    const zone = this.config.timeZone ?? 'UTC';
    const zoned = Object.values(values).some((value) => value instanceof Date) ? await this.zonedColumnsOf(table) : new Set<string>();
    const bound: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(values)) {
      bound[column] = value instanceof Date ? this.quirks.bindDate(value, zone, zoned.has(column.toLowerCase())) : value;
    }
    const builder = this.writingPool()(table).insert(bound);
    if (returning && this.quirks.supportsReturning) builder.returning(returning);
    const result: unknown[] = await this.runner.write(builder, options.sending);
    const first = result[0];
    if (first !== null && typeof first === 'object' && returning) return plainValue((first as RawRow)[returning]);
    return plainValue(first);
  }

  /**
   * The lower-cased names of a table's columns that hold instants, read once per table (a column's type does not change
   * under a running profile). A table the catalog does not list (one in another schema, say) has its columns taken as
   * zone-less; a database that does not answer fails the insert before it is sent. A failure is not kept.
   */
  private zonedColumnsOf(table: string): Promise<Set<string>> {
    const isZoned = this.quirks.isZonedColumnType;
    if (!isZoned) return Promise.resolve(new Set());
    let known = this.zonedColumns.get(table);
    if (!known) {
      known = this.describeColumns(table).then(
        (columns) => new Set(columns.filter((column) => isZoned(column.type)).map((column) => column.name.toLowerCase())),
        (error: unknown) => {
          this.zonedColumns.delete(table);
          if (error instanceof ConnectorError && error.code === 'db_query_failed') return new Set<string>();
          throw error;
        },
      );
      this.zonedColumns.set(table, known);
    }
    return known;
  }

  async close(): Promise<void> {
    await Promise.all([this.knex.destroy(), this.writer?.destroy()]);
  }

  /** Runs a select of exactly `columns`; each row comes as an array of the driver's values in that order. */
  private async selectListed(builder: Knex.QueryBuilder, columns: string[], source: Source): Promise<unknown[][]> {
    const customSql = hasCustomSql(source);
    if (this.quirks.rowsAsArrays) return this.runner.run<unknown[][]>(this.runner.prepared(builder).options({ rowsAsArrays: true }), customSql);
    const rows = await this.runner.run<RawRow[]>(this.runner.prepared(builder), customSql);
    return rows.map((row) => columns.map((column) => row[column]));
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
    const last: Cursor = checkpoint instanceof DriverDate
      ? { checkpoint: checkpoint.bound, key, at: checkpoint.iso }
      : { checkpoint: plainValue(checkpoint) ?? null, key };
    for (const row of rows) {
      for (let index = 0; index < row.length; index += 1) {
        const value = row[index];
        if (typeof value !== 'string') row[index] = plainValue(value);
      }
    }
    return { columns, rows: rows as PageRow[], last };
  }

}

/** Builds a Connector for a dialect's quirks; the driver loads on first use. */
export function createKnexConnector(config: ConnectionConfig, quirks: DialectQuirks): Connector {
  return new KnexConnector(config, quirks);
}
