// The statements of a caller lookup: contacts by phone or e-mail, and the interaction rows of those contacts, read
// as the dialect's lookup plan (lookup-plans.ts) says.
import type { Knex } from 'knex';
import type { ContactMatchQuery, ContactRows, ContactRowsQuery, Row, RowsQuery, Source, Value } from './connector.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { plainRow, plainValue, unique, type RawRow } from './driver-values.js';
import { LOOKUP_PLANS, rowsOf, type LookupPlan } from './lookup-plans.js';
import type { QueryRunner } from './query-runner.js';
import { splitRowSets } from './row-sets.js';
import { hasCustomSql, type Sources } from './sql-source.js';
import { StatementCache } from './statement-cache.js';

export class LookupStatements {
  private readonly statements: StatementCache;
  private readonly plan: LookupPlan;
  /** Runs a statement through Knex, prepared where the dialect prepares (kept SQL may run without it: `runner.direct`). */
  private readonly runStatement = (statement: Knex.QueryBuilder | Knex.Raw, customSql: boolean): Promise<unknown> => this.runner.run(this.runner.prepared(statement), customSql);

  constructor(
    private readonly knex: Knex, private readonly quirks: DialectQuirks,
    private readonly runner: QueryRunner, private readonly sources: Sources,
  ) {
    this.statements = new StatementCache(knex, runner.direct());
    this.plan = LOOKUP_PLANS[quirks.lookupPlan](knex, sources);
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
      // The LIMIT stops a switchboard number shared by thousands of contacts.
      const build = () => this.plan.matchKeys(query.source, query.key, equals, query.limit);
      const shape = `keys:${this.matchShape(query.source, query.key, equals)}:${query.limit}`;
      collect(await this.statements.rows(shape, this.plan.matchLists(equals), build, this.runStatement, hasCustomSql(query.source)));
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
    const build = () => rowsOf(this.sources, query).select(unique(query.columns));
    const rows = await this.statements.rows(`rows:${this.rowsShape(query)}`, [query.where.values], build, this.runStatement, hasCustomSql(query.source));
    return rows.map((row) => plainRow(row));
  }

  async selectRowSets(queries: RowsQuery[]): Promise<Row[][]> {
    const results = queries.map((): Row[] => []);
    const live = queries.flatMap((query, index) => (query.where.values.length > 0 ? [{ query, index }] : []));
    const inOne = this.plan.rowSets;
    if (live.length < 2 || !inOne) {
      await Promise.all(live.map(async ({ query, index }) => { results[index] = await this.selectRows(query); }));
      return results;
    }
    const sets = live.map(({ query }) => ({ query, columns: unique(query.columns) }));
    const build = () => {
      const union = inOne.union(sets.map(({ query, columns }) => ({ from: rowsOf(this.sources, query), columns })), sets.map(({ query }) => query.source));
      return this.knex.raw(union.sql, union.bindings);
    };
    const shape = `sets:${sets.map(({ query }) => this.rowsShape(query)).join(',')}`;
    const rows = await this.statements.rows(shape, sets.map(({ query }) => query.where.values), build, this.runStatement, hasCustomSql(...sets.map(({ query }) => query.source)));
    splitRowSets(rows, sets).forEach((rowsOfSet, position) => { results[live[position]!.index] = rowsOfSet; });
    return results;
  }

  async findContactRows(match: ContactMatchQuery, queries: ContactRowsQuery[]): Promise<ContactRows> {
    const equals = match.equals.filter(({ values }) => values.length > 0);
    const onlyEquals = equals.length > 0 && (match.emails?.values.length ?? 0) === 0;
    const matchWithin = this.plan.rowSets?.matchWithin;
    if (!matchWithin || !onlyEquals || queries.length === 0) {
      const keys = await this.findContactKeys(match);
      const withKeys = queries.map(({ contactColumn, ...query }) => ({ ...query, where: { column: contactColumn, values: keys } }));
      return { keys, rowSets: await this.selectRowSets(withKeys) };
    }
    const sets = queries.map((query) => ({ ...query, columns: unique(query.columns) }));
    const keyColumns = [match.key];
    const related = queries.map((query) => JSON.stringify([query.source, query.columns, query.contactColumn, query.orderBy ?? null, query.limit]));
    const shape = `matched:${this.matchShape(match.source, match.key, equals)}:${match.limit}:${related.join(',')}`;
    const customSql = hasCustomSql(match.source, ...queries.map((query) => query.source));
    const rows = await this.statements.rows(shape, this.plan.matchLists(equals), () => matchWithin(match, equals, sets, keyColumns), this.runStatement, customSql);
    // The statement's last set is the matched keys, so the caller knows who matched.
    const split = splitRowSets(rows, [...sets, { columns: keyColumns }]);
    const keys = split[sets.length]!.map((row) => row[match.key]).filter((key) => key !== undefined);
    return { keys, rowSets: split.slice(0, sets.length) };
  }

  private matchShape(source: Source, key: string, equals: ContactMatchQuery['equals']): string {
    return JSON.stringify([source, key, equals.map(({ column, values }) => [column, values.length])]);
  }

  /** What a rows query's SQL depends on: everything but its values. */
  private rowsShape(query: RowsQuery): string {
    return JSON.stringify([query.source, query.columns, query.where.column, query.where.values.length, query.orderBy ?? null, query.limit]);
  }
}
