// How each dialect reads a caller lookup: its contact match, and the row sets of the contacts found. One named plan
// per dialect, each a small function; lookup-statements.ts runs whichever the dialect names (DialectQuirks.lookupPlan).
import type { Knex } from 'knex';
import type { ContactMatchQuery, ContactRowsQuery, RowsQuery, Source, Value } from './connector.js';
import { unionOfSets, type RowSet } from './row-sets.js';
import type { Sources } from './sql-source.js';

export type LookupPlanName = 'statement-per-set' | 'union-with-match-per-column' | 'union-of-derived-tables' | 'match-within-union';

type Equals = ContactMatchQuery['equals'];
type Sql = { sql: string; bindings: Knex.RawBinding[] };

/** A rows query whose filter values may be a subquery (the keys a match found, in the same statement). */
export type RowsOf = Omit<RowsQuery, 'where'> & { where: { column: string; values: Value[] | Knex.QueryBuilder } };

export interface LookupPlan {
  /** The keys of the rows whose columns hold any of their values, at most `limit`, in one statement; each row once. */
  matchKeys(source: Source, key: string, equals: Equals, limit: number): Knex.QueryBuilder;
  /** The values the match binds, list by list in the order of its placeholders (what the statement cache rebinds). */
  matchLists(equals: Equals): Value[][];
  /** How several row sets are read in one statement; undefined where each set is a statement of its own. */
  readonly rowSets: RowSetsInOne | undefined;
}

export interface RowSetsInOne {
  /** The UNION ALL of the sets' branches (row-sets.ts), written as the dialect needs. */
  union(branches: RowSet[], sources: Source[]): Sql;
  /**
   * Where the dialect runs a CTE once however often it is read: the statement that reads a contact match and its
   * contacts' row sets together, the matched keys as the `keys` set after the queries' own.
   */
  matchWithin?(match: ContactMatchQuery, equals: Equals, queries: ContactRowsQuery[], keys: RowSet['columns']): Knex.Raw;
}

/**
 * A LIMIT written into the SQL, not bound: SQLite plans a statement again on every call whose bound values its plan
 * looked at, and it looks at a bound LIMIT. Limits come from the profile and the bridge, never from a caller.
 */
export const capped = (builder: Knex.QueryBuilder, limit: number): Knex.QueryBuilder => builder.limit(Math.trunc(limit), { skipBinding: true });

/** The rows a query selects, filtered, ordered and capped, before its column list. */
export function rowsOf(sources: Sources, query: RowsOf): Knex.QueryBuilder {
  const builder = capped(sources.from(query.source).whereIn(query.where.column, query.where.values), query.limit);
  if (query.orderBy) builder.orderBy(query.orderBy.column, query.orderBy.direction);
  return builder;
}

/** `a IN (…) OR b IN (…)`, which planners serve with both indexes (bitmap OR, multi-index OR). */
const anyColumnIn = (sources: Sources, source: Source, key: string, equals: Equals): Knex.QueryBuilder =>
  sources.from(source).select(key).where((inner) => { for (const { column, values } of equals) inner.orWhereIn(column, values); });

const eachValueBound = (equals: Equals): Value[][] => equals.map(({ values }) => values);

/** SQLite runs in-process, where a statement costs no round trip: the union measured slower than its statements. */
function statementPerSet(_knex: Knex, sources: Sources): LookupPlan {
  return {
    matchKeys: (source, key, equals, limit) => capped(anyColumnIn(sources, source, key, equals), limit),
    matchLists: eachValueBound,
    rowSets: undefined,
  };
}

/**
 * MariaDB and MySQL: the row sets in one UNION ALL (one round trip). A match over several columns is a UNION of one
 * select per column: MariaDB serves the OR with an index merge that reads each matched row, while the union reads
 * each index alone (covering). It keeps the match a statement of its own, as it runs a CTE again for each reference.
 */
function unionWithMatchPerColumn(knex: Knex, sources: Sources): LookupPlan {
  return {
    matchKeys(source, key, equals, limit) {
      if (equals.length < 2) return capped(anyColumnIn(sources, source, key, equals), limit);
      // UNION, not UNION ALL: a contact matched in two columns comes once. The LIMIT caps the union.
      const [first, ...rest] = equals.map(({ column, values }) => sources.from(source).select(key).whereIn(column, values));
      return capped(first!.union(rest, true), limit);
    },
    matchLists: eachValueBound,
    rowSets: { union: (branches) => unionOfSets(knex, branches) },
  };
}

/**
 * SQL Server: the row sets in one UNION ALL. Each column takes the type of the branch that fills it (a NULL literal
 * has no type of its own in a union), so a typed header (the sources cross-joined) comes first; it also gives the test
 * double, which types columns from SQLite's first branch, every column's real type. A UNION member cannot have an
 * ORDER BY, so each branch is a derived table.
 */
function unionOfDerivedTables(knex: Knex, sources: Sources): LookupPlan {
  return {
    matchKeys: (source, key, equals, limit) => capped(anyColumnIn(sources, source, key, equals), limit),
    matchLists: eachValueBound,
    rowSets: { union: (branches, from) => unionOfSets(knex, branches, { header: sources.crossJoined(from), form: 'derived' }) },
  };
}

/** The CTEs of a contact match read in the same statement as its contacts' rows. */
const MATCHES = 'deskbridge_matches';
export const MATCHED_KEYS = 'deskbridge_keys';

/**
 * PostgreSQL: each value list binds as one array (`column = ANY(?)`), 2 parameters instead of 50 for a phone. The
 * LIMIT stays out of the match's plan (a materialized CTE): told only a few rows are wanted, the planner may walk
 * the primary key hoping to meet them early instead of using the phone indexes. The row sets go in one UNION ALL
 * under a typed header (it types a union's columns pairwise from the left), and a contact match goes in the same
 * statement, as a CTE the branches read: PostgreSQL runs it once however often it is read.
 */
function matchWithinUnion(knex: Knex, sources: Sources): LookupPlan {
  const matches = (source: Source, key: string, equals: Equals) => sources.from(source).select(key)
    .where((inner) => { for (const { column, values } of equals) inner.orWhereRaw('?? = any(?)', [column, values as Knex.RawBinding]); });
  const union = (branches: RowSet[], from: Source[]) => unionOfSets(knex, branches, { header: sources.crossJoined(from) });
  return {
    matchKeys: (source, key, equals, limit) => capped(knex.withMaterialized('matches', matches(source, key, equals)).select(key).from('matches'), limit),
    matchLists: (equals) => equals.map(({ values }) => [values as unknown as Value]),
    rowSets: {
      union,
      matchWithin(match, equals, queries, keyColumns) {
        const keys = () => knex.select(match.key).from(MATCHED_KEYS);
        const branches = [
          ...queries.map((query) => ({ columns: query.columns, from: rowsOf(sources, { ...query, where: { column: query.contactColumn, values: keys() } }) })),
          { columns: keyColumns, from: knex.from(MATCHED_KEYS) },
        ];
        const found = matches(match.source, match.key, equals).toSQL();
        const { sql, bindings } = union(branches, [...queries.map((query) => query.source), { table: MATCHED_KEYS }]);
        return knex.raw(`with ?? as materialized (${found.sql}), ?? as materialized (select ?? from ?? limit ${Math.trunc(match.limit)}) ${sql}`,
          [MATCHES, ...found.bindings, MATCHED_KEYS, match.key, MATCHES, ...bindings] as Knex.RawBinding[]);
      },
    },
  };
}

export const LOOKUP_PLANS: Record<LookupPlanName, (knex: Knex, sources: Sources) => LookupPlan> = {
  'statement-per-set': statementPerSet,
  'union-with-match-per-column': unionWithMatchPerColumn,
  'union-of-derived-tables': unionOfDerivedTables,
  'match-within-union': matchWithinUnion,
};
