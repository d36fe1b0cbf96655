// The SQL of the statements run on every caller lookup, compiled once per shape instead of on every call.
import type { Knex } from 'knex';
import type { Value } from './connector.js';
import { rawRows, type RawRow } from './driver-values.js';

const MAX_SHAPES = 500;
/** Calls a shape's first compilations may take to tell its constants from its values, before it is never kept. */
const MAX_TRIES = 3;

/** A shape's SQL, and its constants' places when it has any. */
interface Kept { sql: string; template?: Template }

/** A kept statement's bindings: a constant (a source filter's value) where the builder put one, else a slot to fill. */
type Template = Array<{ constant: unknown } | null>;

/**
 * Where the builder's bindings take the value lists' values: every binding equal to one of them is one of them, in order,
 * and the others are constants of the shape (a table source's `where` values). Undefined when that cannot be told
 * for sure: a constant equal to one of this call's values, or bindings that are not the values in this order.
 */
function templateOf(bindings: readonly unknown[], values: readonly unknown[]): Template | undefined {
  const variable = new Set(values);
  const template: Template = [];
  let next = 0;
  for (const binding of bindings) {
    if (!variable.has(binding)) {
      template.push({ constant: binding });
      continue;
    }
    if (binding !== values[next]) return undefined;
    next += 1;
    template.push(null);
  }
  return next === values.length ? template : undefined;
}

/** The template's bindings with this call's values in its slots. */
function fill(template: Template, values: readonly Value[]): Value[] {
  let next = 0;
  return template.map((slot) => (slot === null ? values[next++]! : slot.constant as Value));
}

/**
 * Knex's query builder compiling a lookup is a large share of its cost; the same SQL with new values is bound for
 * less, and run directly (`directStatements`) for nothing (docs/PERFORMANCE.md).
 * A shape names everything but the values (tables, columns, limits, how many values in each list, a table source's
 * filters). Limits are written into the SQL, not bound: SQLite plans a statement again whenever a value its plan
 * looked at is bound anew, and it looks at a bound LIMIT (docs/PERFORMANCE.md). The first call of a shape compiles it
 * with the builder, and its SQL is kept when the builder's bindings are the value lists in order, with constants of the
 * shape among them (a filter's values, bound again as they were); anything else keeps going through the builder.
 */
export class StatementCache {
  /** A shape's kept SQL; null when it is never kept; a count of the calls that could not tell yet. */
  private readonly shapes = new Map<string, Kept | number | null>();

  /** `runKept` runs a kept statement's SQL (with `?` placeholders); by default through Knex. */
  constructor(private readonly knex: Knex, private readonly runKept?: (sql: string, bindings: Value[], customSql?: boolean) => Promise<unknown>) {}

  /** Rows of the statement `build` makes for these value lists, as named rows; `customSql` when it reads custom SQL. */
  async rows(
    shape: string, lists: Value[][], build: () => Knex.QueryBuilder | Knex.Raw,
    run: (statement: Knex.QueryBuilder | Knex.Raw, customSql: boolean) => Promise<unknown>, customSql = false,
  ): Promise<RawRow[]> {
    const known = this.shapes.get(shape);
    if (typeof known === 'object' && known !== null) {
      const values = lists.flat();
      const bindings = known.template ? fill(known.template, values) : values;
      return rawRows(await (this.runKept ? this.runKept(known.sql, bindings, customSql) : run(this.knex.raw(known.sql, bindings), customSql)));
    }
    const builder = build();
    if (known !== null) this.learn(shape, builder, lists);
    return rawRows(await run(builder, customSql));
  }

  private learn(shape: string, builder: Knex.QueryBuilder | Knex.Raw, lists: Value[][]): void {
    const { sql, bindings } = builder.toSQL();
    const template = templateOf(bindings, lists.flat());
    if (template) return this.keep(shape, { sql, template: template.some((slot) => slot !== null) ? template : undefined });
    // A filter's value equal to one of this call's values cannot be told from it: a few more calls may try.
    const tries = Number(this.shapes.get(shape) ?? 0) + 1;
    this.keep(shape, tries >= MAX_TRIES ? null : tries);
  }

  private keep(shape: string, learned: Kept | number | null): void {
    if (!this.shapes.has(shape) && this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value!);
    this.shapes.set(shape, learned);
  }
}
