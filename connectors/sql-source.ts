// Sources: tables, and custom SQL accepted only as exactly one read-only SELECT, wrapped as a subquery.
import type { Knex } from 'knex';
import type { Dialect, Source } from './connector.js';
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
    if ('table' in source) return this.knex(source.table);
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

  private sql(text: string): string {
    let sql = this.validated.get(text);
    if (sql === undefined) {
      sql = validateSelect(text, this.dialect);
      this.validated.set(text, sql);
    }
    return sql;
  }
}
