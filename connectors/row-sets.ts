// Several row sets (a caller's tickets, calls, notes…) read in one statement: a UNION ALL with one branch per set.
import type { Knex } from 'knex';
import type { Row } from './connector.js';
import { plainValue, type RawRow } from './driver-values.js';

/** The column telling which set a row belongs to. */
const SET_COLUMN = 'deskbridge_set';

/**
 * The header's number in the set column: an integer like the sets' own, so the union types the column as one. The
 * header returns no row, and it names every set's columns.
 */
const HEADER = -1;

/** The sets' columns sit side by side in the union; each branch fills its own and leaves the others NULL. */
const alias = (set: number, column: number): string => `s${set}_${column}`;

export interface RowSet {
  /** A select of the set's rows (filter, order, limit) without a column list yet. */
  from: Knex.QueryBuilder;
  columns: string[];
}

/** A branch's SQL and its values. */
type Part = Pick<Knex.Sql, 'sql' | 'bindings'>;

/** How a dialect writes a branch that has its own ORDER BY and LIMIT. */
export type BranchForm = 'parenthesized' | 'derived';

/**
 * The UNION ALL of the sets' branches. With a `header` (the sources cross-joined), a first branch that returns no
 * row names every column from its source: PostgreSQL resolves a union's column types pairwise from the left, and
 * two NULLs would meet as text before the real type (a date, a number) arrived, which it then refuses to match.
 * A branch is `(select … order by … limit …)` (PostgreSQL, MySQL) or, where a UNION member cannot have an ORDER BY
 * (T-SQL), a select of a derived table that does: its own columns come from the derived table and the NULLs of
 * the other sets stay outside it, where the union types them from the other branches (inside, they would be int).
 */
export function unionOfSets(
  knex: Knex, sets: RowSet[], { header, form = 'parenthesized' }: { header?: Knex.QueryBuilder; form?: BranchForm } = {},
): { sql: string; bindings: Knex.RawBinding[] } {
  const selectList = (own: number, qualify: (set: number, column: string, position: number) => string): Array<string | Knex.Raw> => [
    knex.raw(`${own} as ??`, [SET_COLUMN]),
    ...sets.flatMap((set, index) => set.columns.map((column, position) =>
      (index === own || own === HEADER ? knex.raw('?? as ??', [qualify(index, column, position), alias(index, position)]) : knex.raw('null as ??', [alias(index, position)])))),
  ];
  const branch = (set: RowSet, index: number): Part => {
    if (form === 'parenthesized') {
      const { sql, bindings } = set.from.select(selectList(index, (_set, column) => column)).toSQL();
      return { sql: `(${sql})`, bindings };
    }
    const derived = `b${index}`;
    const own = set.from.select(set.columns.map((column, position) => knex.raw('?? as ??', [column, alias(index, position)])));
    return knex.select(selectList(index, (_set, _column, position) => `${derived}.${alias(index, position)}`)).from(own.as(derived)).toSQL();
  };
  const parts: Part[] = [];
  if (header) parts.push(header.select(selectList(HEADER, (set, column) => `h${set}.${column}`)).whereRaw('1 = 0').toSQL());
  sets.forEach((set, index) => parts.push(branch(set, index)));
  return { sql: parts.map(({ sql }) => sql).join(' union all '), bindings: parts.flatMap(({ bindings }) => [...bindings]) as Knex.RawBinding[] };
}

/**
 * The union's rows back in their sets, NULLs left out; each set keeps its branch's order. No standard promises that
 * order through a UNION ALL (nor through SQL Server's derived tables); the servers keep it, each branch read whole
 * in turn, and the interaction lookup sorts its rows by date in any case.
 */
export function splitRowSets(rows: RawRow[], sets: Array<{ columns: string[] }>): Row[][] {
  const split = sets.map((): Row[] => []);
  for (const raw of rows) {
    const set = Number(raw[SET_COLUMN]);
    const columns = sets[set]?.columns;
    if (!columns) continue;
    const row: Row = {};
    for (let position = 0; position < columns.length; position += 1) {
      const value = plainValue(raw[alias(set, position)]);
      if (value !== undefined) row[columns[position]!] = value;
    }
    split[set]!.push(row);
  }
  return split;
}
