// Sources: tables, and custom SQL accepted only as exactly one read-only SELECT, wrapped as a subquery.
import type { Knex } from 'knex';
import type { Dialect, Source, SourceFilter, Value } from './connector.js';
import { ConnectorError } from './errors.js';
import { checkSelect } from './select-check.js';

/** Returns the SELECT without trailing semicolons, or throws db_invalid_source saying why it was refused. */
export function validateSelect(sql: string, dialect: Dialect): string {
  return checkSelect(sql, dialect);
}

/**
 * Whether any of these sources is custom SQL: statements reading one run in a read-only transaction of their own. Only
 * they pay its two extra round trips (a hot lookup would cost twice the CPU): the bridge's own statements over tables
 * call no function, so they cannot write or change the session; a later custom statement gets a fresh read-only
 * transaction whatever the session was changed to (and PostgreSQL's rollback undoes a setting changed inside it).
 */
export function hasCustomSql(...sources: Source[]): boolean {
  return sources.some((source) => !('table' in source));
}

/** A checked SELECT as a derived table; the newline ends any trailing -- comment before the closing parenthesis. */
function wrapped(sql: string): string {
  return `(${sql}\n)`;
}

/** Where a connector's statements read from; each custom SELECT is checked once. */
export class Sources {
  private readonly validated = new Map<string, string>();

  constructor(private readonly knex: Knex, private readonly dialect: Dialect) {}

  from(source: Source): Knex.QueryBuilder {
    if ('table' in source) return this.filtered(source.table, source.where);
    return this.knex.from(this.knex.raw(`${wrapped(this.sql(source.sql))} as src`));
  }

  /** The sources side by side as h0, h1, …: the FROM of a union's typed header. */
  crossJoined(sources: Source[]): Knex.QueryBuilder {
    const builder = this.knex.queryBuilder();
    sources.forEach((source, index) => {
      const alias = `h${index}`;
      const item = 'table' in source ? this.knex.raw('?? as ??', [source.table, alias]) : this.knex.raw(`${wrapped(this.sql(source.sql))} as ??`, [alias]);
      if (index === 0) builder.from(item);
      else builder.crossJoin(item);
    });
    return builder;
  }

  /** A table with its filters as one parenthesized group, so that conditions the statement adds are ANDed with it. */
  private filtered(table: string, filters: SourceFilter[] | undefined): Knex.QueryBuilder {
    const builder = this.knex(table);
    if (!filters || filters.length === 0) return builder;
    return builder.where((inner) => {
      for (const { column, op, value } of filters) {
        if (op === 'is null') inner.whereNull(column);
        else if (op === 'is not null') inner.whereNotNull(column);
        else if (op === '=') inner.where(column, this.bound(value));
        else inner.where((differs) => differs.whereNot(column, this.bound(value)).orWhereNull(column));
      }
    });
  }

  /** The value an = or != filter compares with (Knex binds a boolean as 1 or 0 on SQLite, which has no boolean type). */
  private bound(value: Value | undefined): Value {
    if (value === undefined) throw new ConnectorError('db_invalid_source', 'A source filter with = or != needs a value to compare with.');
    return value;
  }

  private sql(text: string): string {
    let sql = this.validated.get(text);
    if (sql === undefined) {
      sql = validateSelect(text, this.dialect);
      this.validated.set(text, sql);
    }
    return sql;
  }
}
