// The patch of better-sqlite3's connections (a statement cache behind `prepare`) and its raw-row reads, in one place:
// better-sqlite3 is pinned to an exact version (package.json), and test/unit/private-better-sqlite3.test.ts fails
// when an upgrade changes what they rely on.

/** A better-sqlite3 connection as Knex's client holds it. */
export interface RawConnection { pragma(source: string): unknown; prepare(sql: string): unknown }

interface Statement { reader: boolean; raw(on: boolean): Statement; all(bindings: unknown[]): unknown[] }

const STATEMENT_CACHE_SIZE = 500;

/** Knex prepares every query anew; better-sqlite3 statements are reusable, so keep the recent ones per connection. */
export function cacheStatements(connection: RawConnection): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/** A select's rows as arrays of values (better-sqlite3's raw mode): no object is built per row. */
export function selectRawRows(connection: RawConnection, sql: string, bindings: unknown[]): unknown[][] {
  const statement = connection.prepare(sql) as Statement;
  if (!statement.reader) throw new Error('rowsAsArrays is for selects');
  // The statement is cached and shared: raw mode is switched back off before anyone else can use it.
  statement.raw(true);
  try {
    return statement.all(bindings) as unknown[][];
  } finally {
    statement.raw(false);
  }
}

/** Values as Knex's better-sqlite3 client binds them: SQLite takes no booleans or dates. */
function bindable(bindings: readonly unknown[]): unknown[] {
  return bindings.map((value) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value));
}

/** A select's rows as named objects, on the connection's cached statement, without Knex's runner. */
export function selectNamedRows(connection: RawConnection, sql: string, bindings: readonly unknown[]): unknown[] {
  const statement = connection.prepare(sql) as Statement;
  if (!statement.reader) throw new Error('selectNamedRows is for selects');
  return statement.all(bindable(bindings));
}
