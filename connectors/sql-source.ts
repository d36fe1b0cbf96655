// Sources: tables, and custom SQL accepted only as exactly one read-only SELECT, wrapped as a subquery.
import type { Knex } from 'knex';
import type { Source } from './connector.js';
import { ConnectorError } from './errors.js';

const WRITE_WORDS = new Set([
  'insert', 'update', 'delete', 'merge', 'upsert', 'drop', 'alter', 'create', 'truncate', 'grant', 'revoke',
  'exec', 'execute', 'call', 'into', 'attach', 'detach', 'pragma', 'copy', 'lock', 'handler', 'load', 'outfile',
  'dumpfile', 'vacuum', 'reindex', 'analyze', 'declare', 'begin', 'commit', 'rollback', 'savepoint', 'use',
]);

/** The words and statement separators of a SQL text, outside literals, quoted names and comments. */
function scanWords(sql: string): { words: string[]; separators: number[] } {
  const words: string[] = [];
  const separators: number[] = [];
  let index = 0;
  const closing: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };
  while (index < sql.length) {
    const char = sql[index]!;
    const close = closing[char];
    if (close) {
      const end = sql.indexOf(close, index + 1);
      if (end < 0) throw new ConnectorError('db_invalid_source', `The SQL has an unterminated ${char} quote.`);
      index = end + 1;
      // A doubled quote inside a literal ('it''s') continues it.
      while (sql[index] === close && close !== ']') {
        const next = sql.indexOf(close, index + 1);
        if (next < 0) throw new ConnectorError('db_invalid_source', `The SQL has an unterminated ${char} quote.`);
        index = next + 1;
      }
    } else if (sql.startsWith('--', index)) {
      const end = sql.indexOf('\n', index);
      index = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', index)) {
      const end = sql.indexOf('*/', index + 2);
      if (end < 0) throw new ConnectorError('db_invalid_source', 'The SQL has an unterminated /* comment.');
      index = end + 2;
    } else if (char === ';') {
      separators.push(index);
      index += 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(index, index + 64))!;
      words.push(match[0].toLowerCase());
      index += match[0].length;
    } else {
      index += 1;
    }
  }
  return { words, separators };
}

/** Returns the SELECT without trailing semicolons, or throws db_invalid_source saying why it was refused. */
export function validateSelect(sql: string): string {
  let text = sql.trim();
  while (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  if (!text) throw new ConnectorError('db_invalid_source', 'The SQL source is empty.');
  const { words, separators } = scanWords(text);
  if (separators.length > 0) {
    throw new ConnectorError('db_invalid_source', 'The SQL source must be exactly one statement (it contains a ";").');
  }
  const first = words[0];
  if (first !== 'select' && first !== 'with') {
    throw new ConnectorError('db_invalid_source', 'The SQL source must be a SELECT (or WITH … SELECT) statement.');
  }
  const writer = words.find((word) => WRITE_WORDS.has(word));
  if (writer) {
    throw new ConnectorError('db_invalid_source', `The SQL source must only read data; "${writer.toUpperCase()}" is not allowed.`);
  }
  return text;
}

/** Where a connector's statements read from; each custom SELECT is checked once. */
export class Sources {
  private readonly validated = new Map<string, string>();

  constructor(private readonly knex: Knex) {}

  from(source: Source): Knex.QueryBuilder {
    if ('table' in source) return this.knex(source.table);
    return this.knex.from(this.knex.raw(`(${this.sql(source.sql)}) as src`));
  }

  /** The sources side by side as h0, h1, …: the FROM of a union's typed header. */
  crossJoined(sources: Source[]): Knex.QueryBuilder {
    const builder = this.knex.queryBuilder();
    sources.forEach((source, index) => {
      const alias = `h${index}`;
      const item = 'table' in source ? this.knex.raw('?? as ??', [source.table, alias]) : this.knex.raw(`(${this.sql(source.sql)}) as ??`, [alias]);
      if (index === 0) builder.from(item);
      else builder.crossJoin(item);
    });
    return builder;
  }

  private sql(text: string): string {
    let sql = this.validated.get(text);
    if (sql === undefined) {
      sql = validateSelect(text);
      this.validated.set(text, sql);
    }
    return sql;
  }
}
