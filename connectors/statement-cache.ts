// The SQL of the statements run on every caller lookup, compiled once per shape instead of on every call.
import type { Knex } from 'knex';
import type { Value } from './connector.js';
import { rawRows, type RawRow } from './driver-values.js';

/** Where a dialect puts a LIMIT's binding among its part's value lists (T-SQL's TOP comes first). */
type LimitAt = 'first' | 'last';

/** A statement's values: value lists and a limit, per part (a UNION ALL has one part per branch). */
export interface BoundPart {
  lists: Value[][];
  /** Absent for a part without a LIMIT. */
  limit?: number;
}

const MAX_SHAPES = 500;

function bindingsOf(parts: readonly BoundPart[], at: LimitAt): Value[] {
  const values: Value[] = [];
  for (const part of parts) {
    if (at === 'first' && part.limit !== undefined) values.push(part.limit);
    for (const list of part.lists) for (const value of list) values.push(value);
    if (at === 'last' && part.limit !== undefined) values.push(part.limit);
  }
  return values;
}

function sameBindings(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * Knex's query builder compiling a lookup is a large share of its cost; the same SQL with new values is bound for
 * less, and run directly (`directQuery`) for nothing (docs/PERFORMANCE.md).
 * A shape names everything but the values and the limits (tables, columns, how many values in each list). The first
 * call of a shape compiles it with the builder, and its SQL is kept only when the builder's bindings are exactly
 * the parts' value lists and limits, in an order found then; anything else keeps going through the builder.
 */
export class StatementCache {
  private readonly shapes = new Map<string, { sql: string; limitAt: LimitAt } | null>();

  /** `runKept` runs a kept statement's SQL (with `?` placeholders); by default through Knex. */
  constructor(private readonly knex: Knex, private readonly runKept?: (sql: string, bindings: Value[], customSql?: boolean) => Promise<unknown>) {}

  /** Rows of the statement `build` makes for these parts' values, as named rows; `customSql` when it reads custom SQL. */
  async rows(
    shape: string, parts: BoundPart[], build: () => Knex.QueryBuilder | Knex.Raw,
    run: (statement: Knex.QueryBuilder | Knex.Raw, customSql: boolean) => Promise<unknown>, customSql = false,
  ): Promise<RawRow[]> {
    const known = this.shapes.get(shape);
    if (known) {
      const bindings = bindingsOf(parts, known.limitAt);
      return rawRows(await (this.runKept ? this.runKept(known.sql, bindings, customSql) : run(this.knex.raw(known.sql, bindings), customSql)));
    }
    const builder = build();
    if (known === undefined) this.learn(shape, builder, parts);
    return rawRows(await run(builder, customSql));
  }

  private learn(shape: string, builder: Knex.QueryBuilder | Knex.Raw, parts: BoundPart[]): void {
    const { sql, bindings } = builder.toSQL();
    const limitAt = (['last', 'first'] as const).find((at) => sameBindings(bindings, bindingsOf(parts, at)));
    if (this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value!);
    this.shapes.set(shape, limitAt ? { sql, limitAt } : null);
  }
}
