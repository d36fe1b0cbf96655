// Checks a custom SQL source with a real SQL parser for its dialect: exactly one SELECT that only reads.
import { createRequire } from 'node:module';
import type { Parser as SqlParser } from 'node-sql-parser';
import type { Dialect } from './connector.js';
import { deniedFunction } from './denied-functions.js';
import { ConnectorError } from './errors.js';

const require = createRequire(import.meta.url);

/** node-sql-parser's grammars for each dialect; MySQL's connector also serves MariaDB, so both are tried. */
const GRAMMARS: Record<Dialect, string[]> = {
  mysql: ['mysql', 'mariadb'],
  postgres: ['postgresql'],
  mssql: ['transactsql'],
  sqlite: ['sqlite'],
};

/** Each grammar is a separate build of the parser, loaded on first use (the full package holds every dialect). */
const parsers = new Map<string, SqlParser>();

function parserFor(grammar: string): SqlParser {
  let parser = parsers.get(grammar);
  if (!parser) {
    const { Parser } = require(`node-sql-parser/build/${grammar}.js`) as { Parser: new () => SqlParser };
    parser = new Parser();
    parsers.set(grammar, parser);
  }
  return parser;
}

/** Statement kinds that must not appear anywhere inside the SELECT (a data-modifying WITH, for one). */
const NOT_READS = new Set([
  'insert', 'update', 'delete', 'replace', 'merge', 'create', 'drop', 'alter', 'truncate', 'rename', 'grant', 'revoke',
  'exec', 'execute', 'call', 'set', 'lock', 'unlock', 'use', 'load_data', 'transaction', 'declare', 'copy',
]);

/** SQL Server table hints that take locks a read must not hold. */
const LOCK_HINTS = /^(updlock|xlock|tablockx?|holdlock|rowlock|paglock|serializable|repeatableread)$/i;

function refuse(reason: string): never {
  throw new ConnectorError('db_invalid_source', `The SQL source must only read data: ${reason}`);
}

/** Literals and quoted names as each dialect reads them: MySQL's strings take backslash escapes, the others' do not. */
const QUOTED: Record<Dialect, RegExp> = {
  mysql: /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|`(?:[^`]|``)*`/g,
  postgres: /'(?:[^']|'')*'|"(?:[^"]|"")*"/g,
  mssql: /'(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]/g,
  sqlite: /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]/g,
};

/** The text with string literals and quoted names blanked. */
function codeOutsideQuotes(sql: string, dialect: Dialect): string {
  return sql.replace(QUOTED[dialect], (quoted) => ' '.repeat(quoted.length));
}

/**
 * Text the parser reads differently from the server, refused before parsing: MySQL runs `/*! … *\/` as SQL and
 * reads `--1` as "minus minus 1" where the parser sees comments. `#` comments, which hid the end of the wrapping in a
 * reproduced attack, are refused too.
 */
function refuseAmbiguousText(sql: string, dialect: Dialect): void {
  if (/\/\*[M]?!/.test(sql)) refuse('executable comments (/*! … */) are not allowed.');
  // PostgreSQL's Unicode escapes can spell any name (U&"set\005fconfig") past a check of the text.
  if (dialect === 'postgres' && /\bU&['"]/i.test(sql)) refuse('Unicode-escaped names and strings (U&"…") are not allowed.');
  const code = codeOutsideQuotes(sql, dialect);
  // Most grammars do not parse these; named here, the refusal says why.
  if (/\bfor\s+(no\s+key\s+)?(update|share|key\s+share)\b|\block\s+in\s+share\s+mode\b/i.test(code)) refuse('locking reads (FOR UPDATE, FOR SHARE) are not allowed.');
  if (dialect !== 'mysql') return;
  if (code.includes('#')) refuse('"#" comments are not allowed; use -- comments.');
  if (/--(?![ \t\r\n])/.test(code)) refuse('"--" must be followed by a space (MySQL reads "--1" as minus minus 1, not as a comment).');
  if (/\b(outfile|dumpfile)\b/i.test(code)) refuse('INTO OUTFILE and INTO DUMPFILE are not allowed.');
}

/**
 * A denied function's name followed by "(" anywhere in the text, even in a literal or a comment: a check that no
 * disagreement between the parser and the server about where literals and comments end can get round.
 */
function refuseDeniedNamesInText(sql: string, dialect: Dialect): void {
  const call = /([A-Za-z_][A-Za-z0-9_$]*)["`\]]?(?:\s|\/\*[\s\S]*?\*\/|--[^\n]*\n|#[^\n]*\n)*\(/g;
  for (const match of sql.matchAll(call)) {
    const name = match[1]!;
    const reason = deniedFunction(dialect, name);
    if (reason) refuse(`the function ${name}() is not allowed (${reason}).`);
  }
}

function parseOne(sql: string, dialect: Dialect): unknown {
  let failure: unknown;
  for (const grammar of GRAMMARS[dialect]) {
    try {
      const ast = parserFor(grammar).astify(sql, { database: grammar });
      const statements = Array.isArray(ast) ? ast : [ast];
      if (statements.length !== 1) {
        throw new ConnectorError('db_invalid_source', 'The SQL source must be exactly one statement (it contains a ";").');
      }
      return statements[0];
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      failure ??= error;
    }
  }
  throw new ConnectorError('db_invalid_source', unreadable(sql, failure), { cause: failure });
}

/** The parser's failure in plain words, with where it stopped and what a user can do instead. */
function unreadable(sql: string, error: unknown): string {
  const location = (error as { location?: { start?: { line: number; column: number; offset: number } } }).location?.start;
  const near = location ? sql.slice(location.offset, location.offset + 30).split('\n')[0]!.trim() : '';
  const where = location ? ` at line ${location.line}, column ${location.column}${near ? ` (near "${near}")` : ' (at the end)'}` : '';
  return `Deskbridge could not read the SQL source as one SELECT${where}. A source must be exactly one SELECT (or WITH … SELECT) ` +
    'that Deskbridge can check, with balanced parentheses. If the query is right but uses syntax Deskbridge cannot check, ' +
    'create a view in the database from it and choose that view as the source.';
}

type Node = Record<string, unknown>;

function functionName(node: Node): string | undefined {
  const name = node.name;
  if (typeof name === 'string') return name;
  const parts = (name as { name?: Array<{ value?: unknown }> } | undefined)?.name;
  const last = parts?.at(-1)?.value;
  return typeof last === 'string' ? last : undefined;
}

/** Refuses what a parsed SELECT may not hold, anywhere in its tree. */
function refuseInTree(root: unknown, dialect: Dialect): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    const item = node as Node;
    const type = typeof item.type === 'string' ? item.type.toLowerCase() : '';
    if (NOT_READS.has(type)) refuse(`"${type.toUpperCase()}" is not allowed.`);
    if (type === 'assign') refuse('assigning variables (:=) is not allowed.');
    if (type === 'function' || type === 'aggr_func') {
      const name = functionName(item);
      const reason = name ? deniedFunction(dialect, name) : undefined;
      if (reason) refuse(`the function ${name}() is not allowed (${reason}).`);
    }
    const into = item.into as Node | null | undefined;
    if (into && (into.type === 'into' || into.expr != null || into.position != null)) refuse('SELECT … INTO is not allowed.');
    if (item.locking_read || item.for_update) refuse('locking reads (FOR UPDATE, FOR SHARE) are not allowed.');
    const hints = (item.table_hint as { expr?: Array<{ expr?: { value?: unknown } }> } | null | undefined)?.expr ?? [];
    const lock = hints.map((hint) => String(hint.expr?.value ?? '')).find((hint) => LOCK_HINTS.test(hint));
    if (lock) refuse(`the table hint ${lock.toUpperCase()} takes locks.`);
    pending.push(...Object.values(item));
  }
}

/** Returns the SELECT without trailing semicolons, or throws db_invalid_source saying why it was refused. */
export function checkSelect(sql: string, dialect: Dialect): string {
  let text = sql.trim();
  while (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  if (!text) throw new ConnectorError('db_invalid_source', 'The SQL source is empty.');
  refuseAmbiguousText(text, dialect);
  refuseDeniedNamesInText(text, dialect);
  const statement = parseOne(text, dialect) as Node;
  if (statement.type !== 'select') {
    throw new ConnectorError('db_invalid_source', 'The SQL source must be a SELECT (or WITH … SELECT) statement.');
  }
  refuseInTree(statement, dialect);
  return text;
}
