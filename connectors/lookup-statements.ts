// The statements of a caller lookup: contacts by phone or e-mail, and the interaction rows of those contacts.
import type { Knex } from 'knex';
import type { ContactMatchQuery, ContactRows, ContactRowsQuery, Row, RowsQuery, Source, Value } from './connector.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { plainRow, plainValue, unique, type RawRow } from './driver-values.js';
import type { QueryRunner } from './query-runner.js';
import { splitRowSets, unionOfSets, type RowSet } from './row-sets.js';
import { hasCustomSql, type Sources } from './sql-source.js';
import { StatementCache } from './statement-cache.js';

/** The CTEs of a contact match read in the same statement as its contacts' rows. */
const MATCHES = 'deskbridge_matches';
const MATCHED_KEYS = 'deskbridge_keys';

export class LookupStatements {
  private readonly statements: StatementCache;
  /** Runs a statement through Knex, prepared where the dialect prepares (kept SQL may run without it: `runner.direct`). */
  private readonly runStatement = (statement: Knex.QueryBuilder | Knex.Raw, customSql: boolean): Promise<unknown> => this.runner.run(this.runner.prepared(statement), customSql);

  constructor(
    private readonly knex: Knex, private readonly quirks: DialectQuirks,
    private readonly runner: QueryRunner, private readonly sources: Sources,
  ) {
    this.statements = new StatementCache(knex, runner.direct());
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
      // One statement (see matchesOf); each row comes once, so no DISTINCT. The LIMIT stops a switchboard number
      // shared by thousands of contacts.
      const build = () => {
        const matches = this.matchesOf(query.source, query.key, equals);
        return this.quirks.limitOutsidePlan
          ? this.knex.withMaterialized('matches', matches).select(query.key).from('matches').limit(query.limit)
          : matches.limit(query.limit);
      };
      const shape = `keys:${this.matchShape(query.source, query.key, equals)}`;
      const parts = [{ lists: this.matchLists(equals), limit: query.limit }];
      collect(await this.statements.rows(shape, parts, build, this.runStatement, hasCustomSql(query.source)));
    }
    for (const column of query.emails?.columns ?? []) {
      const values = query.emails?.values ?? [];
      if (values.length === 0 || keys.size >= query.limit) continue;
      const builder = this.sources.from(query.source).distinct(query.key).limit(query.limit);
      this.quirks.whereInIgnoringCase(builder, column, values);
      collect(await this.runner.run<RawRow[]>(this.runner.prepared(builder), hasCustomSql(query.source)));
    }
    return [...keys.values()];
  }

  async selectRows(query: RowsQuery): Promise<Row[]> {
    if (query.where.values.length === 0) return [];
    const build = () => this.rowsOf(query).select(unique(query.columns));
    const rows = await this.statements.rows(`rows:${this.rowsShape(query)}`, [{ lists: [query.where.values], limit: query.limit }], build, this.runStatement, hasCustomSql(query.source));
    return rows.map((row) => plainRow(row));
  }

  async selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    const results = queries.map((): Row[] => []);
    const live = queries.flatMap((query, index) => (query.where.values.length > 0 ? [{ query, index }] : []));
    if (live.length < 2 || !this.quirks.unionOfRowSets) {
      await Promise.all(live.map(async ({ query, index }) => { results[index] = await this.selectRows(query); }));
      return results;
    }
    const sets = live.map(({ query }) => ({ query, columns: unique(query.columns) }));
    const build = () => {
      const union = this.union(sets.map(({ query, columns }) => ({ from: this.rowsOf(query), columns })), sets.map(({ query }) => query.source));
      return this.knex.raw(union.sql, union.bindings);
    };
    const shape = `sets:${sets.map(({ query }) => this.rowsShape(query)).join(',')}`;
    const parts = sets.map(({ query }) => ({ lists: [query.where.values], limit: query.limit }));
    const rows = await this.statements.rows(shape, parts, build, this.runStatement, hasCustomSql(...sets.map(({ query }) => query.source)));
    splitRowSets(rows, sets).forEach((rowsOfSet, position) => { results[live[position]!.index] = rowsOfSet; });
    return results;
  }

  async findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    const equals = match.equals.filter(({ values }) => values.length > 0);
    const onlyEquals = equals.length > 0 && (match.emails?.values.length ?? 0) === 0;
    if (!this.quirks.matchInUnion || !this.quirks.unionOfRowSets || !onlyEquals || queries.length === 0) {
      const keys = await this.findContactKeys(match);
      const withKeys = queries.map(({ contactColumn, ...query }) => ({ ...query, where: { column: contactColumn, values: keys } }));
      return { keys, rowSets: await this.selectRowSets(withKeys) };
    }
    // One more set after the queries' own: the matched keys, so the caller knows who matched.
    const sets = [...queries.map((query) => ({ ...query, columns: unique(query.columns) })), { source: { table: MATCHED_KEYS }, columns: [match.key] }];
    const related = queries.map((query) => JSON.stringify([query.source, query.columns, query.contactColumn, query.orderBy ?? null]));
    const shape = `matched:${this.matchShape(match.source, match.key, equals)}:${related.join(',')}`;
    const parts = [{ lists: this.matchLists(equals), limit: match.limit }, ...queries.map((query) => ({ lists: [], limit: query.limit })), { lists: [] }];
    const customSql = hasCustomSql(match.source, ...queries.map((query) => query.source));
    const rows = await this.statements.rows(shape, parts, () => this.matchedUnion(match, equals, queries, sets), this.runStatement, customSql);
    const split = splitRowSets(rows, sets);
    const keys = split.pop()!.map((row) => row[match.key]).filter((key) => key !== undefined);
    return { keys, rowSets: split };
  }

  /** The match as a CTE (its LIMIT outside the match's plan), which every query's branch reads; a last branch returns the keys. */
  private matchedUnion(match: ContactMatchQuery, equals: ContactMatchQuery['equals'], queries: ContactRowsQuery[], sets: Array<{ source: Source; columns: string[] }>): Knex.Raw {
    const keys = () => this.knex.select(match.key).from(MATCHED_KEYS);
    const branches = sets.map(({ columns }, index) => {
      const query = queries[index];
      return { columns, from: query ? this.rowsOf({ ...query, where: { column: query.contactColumn, values: keys() } }) : this.knex.from(MATCHED_KEYS) };
    });
    const matches = this.matchesOf(match.source, match.key, equals).toSQL();
    const union = this.union(branches, sets.map(({ source }) => source));
    return this.knex.raw(`with ?? as materialized (${matches.sql}), ?? as materialized (select ?? from ?? limit ?) ${union.sql}`,
      [MATCHES, ...matches.bindings, MATCHED_KEYS, match.key, MATCHES, match.limit, ...union.bindings] as Knex.RawBinding[]);
  }

  /** The UNION ALL of the branches, with the typed header the dialect needs, built from the branches' sources. */
  private union(branches: RowSet[], sources: Source[]): { sql: string; bindings: Knex.RawBinding[] } {
    return unionOfSets(this.knex, branches, this.quirks.unionTypedHeader ? this.sources.crossJoined(sources) : undefined, this.quirks.unionBranches);
  }

  /**
   * Keys of the rows whose columns hold any of their values, in one statement: `a IN (…) OR b IN (…)`, which
   * planners serve with both indexes (bitmap OR, multi-index OR), or a UNION of one select per column.
   */
  private matchesOf(source: Source, key: string, equals: ContactMatchQuery['equals']): Knex.QueryBuilder {
    if (this.quirks.matchByUnion && equals.length > 1) {
      // UNION, not UNION ALL: a contact matched in two columns comes once. A LIMIT added later caps the union.
      const [first, ...rest] = equals.map(({ column, values }) => this.sources.from(source).select(key).whereIn(column, values));
      return first!.union(rest, true);
    }
    return this.sources.from(source).select(key).where((inner) => {
      for (const { column, values } of equals) {
        if (this.quirks.arrayParameters) inner.orWhereRaw('?? = any(?)', [column, values as Knex.RawBinding]);
        else inner.orWhereIn(column, values);
      }
    });
  }

  /** The bound values of a match: each list spread, or each list one array (see `arrayParameters`). */
  private matchLists(equals: ContactMatchQuery['equals']): Value[][] {
    return equals.map(({ values }) => (this.quirks.arrayParameters ? [values as unknown as Value] : values));
  }

  private matchShape(source: Source, key: string, equals: ContactMatchQuery['equals']): string {
    return JSON.stringify([source, key, equals.map(({ column, values }) => [column, values.length])]);
  }

  /** The rows a query selects, filtered, ordered and capped, before its column list. */
  private rowsOf(query: Omit<RowsQuery, 'where'> & { where: { column: string; values: Value[] | Knex.QueryBuilder } }): Knex.QueryBuilder {
    const builder = this.sources.from(query.source).whereIn(query.where.column, query.where.values).limit(query.limit);
    if (query.orderBy) builder.orderBy(query.orderBy.column, query.orderBy.direction);
    return builder;
  }

  /** What a rows query's SQL depends on: everything but its values and limit. */
  private rowsShape(query: RowsQuery): string {
    return JSON.stringify([query.source, query.columns, query.where.column, query.where.values.length, query.orderBy ?? null]);
  }
}
