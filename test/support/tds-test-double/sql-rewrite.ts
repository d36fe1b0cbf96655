// Rewrites the SQL Server dialect Knex and the mssql connector emit into SQLite, statement by statement.

/** `never-ends`: a statement the double holds open until the client cancels it (ATTENTION). */
export type Rewritten = { kind: 'sqlite'; sql: string } | { kind: 'ignored' } | { kind: 'never-ends' };

/** Splits on semicolons outside quotes and brackets. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '[') quote = ']';
    else if (char === ';') { statements.push(current); current = ''; continue; }
    current += char;
  }
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter(Boolean);
}

/** Applies `change` to the text outside string literals only. */
function outsideLiterals(sql: string, change: (code: string) => string): string {
  return sql.split(/('(?:[^']|'')*')/).map((part, index) => (index % 2 === 1 ? part : change(part))).join('');
}

const INFORMATION_SCHEMA = /(?<![\w"])"?information_schema"?\."?(\w+)"?/gi;
const SYS = /(?<![\w"])"?sys"?\."?(\w+)"?/gi;

const TOP = /\b(select\s+(?:distinct\s+)?)top\s*\(\s*(@p\d+|\d+)\s*\)\s*/i;

/** Each `select top (n) …` as `select … limit n`, at the end of its own select: the statement or its parentheses. */
function topAsLimit(sql: string): string {
  let text = sql;
  for (let top = TOP.exec(text); top; top = TOP.exec(text)) {
    const start = top.index + top[0].length;
    let end = start;
    for (let depth = 0, quote: string | undefined; end < text.length; end += 1) {
      const char = text[end]!;
      if (quote) { if (char === quote) quote = undefined; continue; }
      if (char === "'" || char === '"') quote = char;
      else if (char === '(') depth += 1;
      else if (char === ')' && depth-- === 0) break;
    }
    text = `${text.slice(0, top.index)}${top[1]}${text.slice(start, end)} limit ${top[2]}${text.slice(end)}`;
  }
  return text;
}

export function rewriteStatement(statement: string): Rewritten {
  if (/^set\s/i.test(statement)) return { kind: 'ignored' };
  if (/\bsys\.all_columns\b/i.test(statement)) return { kind: 'never-ends' };
  let sql = statement.replace(/\bN'/g, "'")
    // The server clock as milliseconds since 1970: the one form of DATEDIFF_BIG the connector sends.
    .replace(/\bdatediff_big\s*\(\s*millisecond\s*,\s*'19700101'\s*,\s*sysutcdatetime\s*\(\s*\)\s*\)/gi, "cast((julianday('now') - 2440587.5) * 86400000 as integer)");
  sql = outsideLiterals(sql, (code) => code
    .replace(/\[([^\]]*)\]/g, '"$1"')
    .replace(INFORMATION_SCHEMA, (_match, name: string) => `information_schema_${name.toLowerCase()}`)
    .replace(SYS, (_match, name: string) => `sys_${name.toLowerCase()}`)
    .replace(/\bcount_big\s*\(/gi, 'count(')
    .replace(/@@rowcount/gi, 'changes()'));
  if (/^create\s+table/i.test(sql)) {
    sql = sql.replace(/\bbigint\s+identity\s*\(\s*1\s*,\s*1\s*\)\s+primary\s+key/gi, 'integer primary key autoincrement')
      .replace(/\bidentity\s*\(\s*\d+\s*,\s*\d+\s*\)/gi, '')
      // SQL Server's default collations ignore case; SQLite's do not.
      .replace(/\b(n?varchar\s*\(\s*\d+\s*\))/gi, '$1 collate nocase');
    return { kind: 'sqlite', sql };
  }
  sql = topAsLimit(sql);
  sql = sql.replace(/\boffset\s+(@p\d+|\d+)\s+rows\s+fetch\s+next\s+(@p\d+|\d+)\s+rows\s+only/i, 'limit $2 offset $1')
    .replace(/\boffset\s+(@p\d+|\d+)\s+rows\b/i, 'limit -1 offset $1');
  const output = /\soutput\s+(inserted\.\S+(?:\s*,\s*inserted\.\S+)*)\s/i.exec(sql);
  if (output) {
    const columns = output[1]!.split(',').map((column) => column.trim().replace(/^inserted\./i, ''));
    sql = `${sql.slice(0, output.index)} ${sql.slice(output.index + output[0].length)} returning ${columns.join(', ')}`;
  }
  return { kind: 'sqlite', sql };
}
