// Runs rewritten statements on SQLite and types their result columns the way SQL Server would.
import type { Database, Statement } from 'better-sqlite3';
import type { ParameterValue, SqlCall } from './requests.js';
import type { CellValue, ColumnType, ResultColumn } from './results.js';
import { rewriteStatement, splitStatements } from './sql-rewrite.js';

export interface Outcome { columns?: ResultColumn[]; rows: CellValue[][]; count: number }

const DATE_TEXT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * SQL Server converts date text to datetime2 on comparison and insert; the double stores one canonical text. Text with
 * an offset names an instant and is stored as its UTC text, as a datetimeoffset column keeps it: the connector sends
 * offsets to those columns only (a real datetime refuses them, and a datetime2 drops them).
 */
function bindable(value: ParameterValue): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return value;
  const date = DATE_TEXT.exec(value);
  if (!date) return value;
  const fraction = (date[3] ?? '').padEnd(7, '0');
  const offset = date[4];
  if (!offset || offset === 'Z') return `${date[1]}T${date[2]}.${fraction}`;
  const utc = new Date(Date.parse(`${date[1]}T${date[2]}${offset}`)).toISOString();
  return `${utc.slice(0, 19)}.${fraction}`;
}

function columnType(declared: string | null, values: unknown[]): ColumnType {
  const type = (declared ?? '').toLowerCase();
  if (/bigint|^integer/.test(type)) return 'bigint';
  if (/int/.test(type)) return 'int';
  if (/bit|bool/.test(type)) return 'bit';
  if (/float|real|double|decimal|numeric/.test(type)) return 'float';
  if (/datetimeoffset/.test(type)) return 'datetimeoffset';
  if (/date|time/.test(type)) return 'datetime2';
  if (type) return 'nvarchar';
  const present = values.filter((value) => value !== null);
  if (present.length > 0 && present.every((value) => typeof value === 'bigint')) {
    return present.every((value) => (value as bigint) >= -2147483648n && (value as bigint) <= 2147483647n) ? 'int' : 'bigint';
  }
  if (present.length > 0 && present.every((value) => typeof value === 'bigint' || typeof value === 'number')) return 'float';
  return 'nvarchar';
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

/** A statement of a call: its SQLite text, the parameters the text names, and once run, SQLite's prepared statement. */
type Plan = 'never-ends' | { sql: string; names: string[]; prepared?: Statement };

/** Plans by the call's SQL text, as SQL Server caches sp_executesql plans; cleared when it grows past this. */
const PLAN_CACHE_SIZE = 500;
const plans = new WeakMap<Database, Map<string, Plan[]>>();
const DDL = /^\s*(create|drop|alter)\s/i;

function plan(database: Database, sql: string): Plan[] {
  let cache = plans.get(database);
  if (!cache) plans.set(database, (cache = new Map()));
  const known = cache.get(sql);
  if (known) return known;
  const made: Plan[] = [];
  let changesSchema = false;
  for (const statement of splitStatements(sql)) {
    const rewritten = rewriteStatement(statement);
    if (rewritten.kind === 'never-ends') {
      made.push('never-ends');
      break;
    }
    if (rewritten.kind === 'ignored') continue;
    changesSchema ||= DDL.test(rewritten.sql);
    made.push({ sql: rewritten.sql, names: [...new Set([...rewritten.sql.matchAll(/@(\w+)/g)].map((match) => match[1]!))] });
  }
  // A batch that changes the schema is planned afresh each time: what its statements mean may change with it.
  if (!changesSchema) {
    if (cache.size >= PLAN_CACHE_SIZE) cache.clear();
    cache.set(sql, made);
  }
  return made;
}

/** Results of every statement in the call, or 'never-ends' for a statement held until the client cancels. */
export function runStatement(database: Database, call: SqlCall): Outcome[] | 'never-ends' {
  const outcomes: Outcome[] = [];
  for (const step of plan(database, call.sql)) {
    if (step === 'never-ends') return 'never-ends';
    const parameters: Record<string, unknown> = {};
    for (const name of step.names) if (name in call.parameters) parameters[name] = bindable(call.parameters[name]!);
    // Prepared when first run, after the batch's earlier statements (which may create what it reads).
    const prepared = (step.prepared ??= database.prepare(step.sql));
    if (!prepared.reader) {
      outcomes.push({ rows: [], count: prepared.run(parameters).changes });
      continue;
    }
    const rows = prepared.safeIntegers(true).raw(true).all(parameters) as unknown[][];
    const columns = prepared.columns().map((column, index) => ({
      name: column.name, type: columnType(column.type, rows.map((row) => row[index])),
    }));
    outcomes.push({ columns, rows: rows.map((row) => row.map(toCell)), count: rows.length });
  }
  return outcomes;
}
