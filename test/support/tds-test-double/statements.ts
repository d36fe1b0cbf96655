// Runs rewritten statements on SQLite and types their result columns the way SQL Server would.
import type { ColumnDefinition, Database, Statement } from 'better-sqlite3';
import type { ParameterValue, SqlCall } from './requests.js';
import type { CellValue, ColumnType, ResultColumn } from './results.js';
import { rewriteStatement, splitStatements } from './sql-rewrite.js';

export interface Outcome { columns?: ResultColumn[]; rows: CellValue[][]; count: number }

const DATE_TEXT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z?$/;

/** SQL Server converts date text to datetime2 on comparison and insert; the double stores one canonical text. */
function bindable(value: ParameterValue): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return value;
  const date = DATE_TEXT.exec(value);
  return date ? `${date[1]}T${date[2]}.${(date[3] ?? '').padEnd(7, '0')}` : value;
}

function columnType(declared: string | null, values: unknown[]): ColumnType {
  const type = (declared ?? '').toLowerCase();
  if (/bigint|^integer/.test(type)) return 'bigint';
  if (/int/.test(type)) return 'int';
  if (/bit|bool/.test(type)) return 'bit';
  if (/float|real|double|decimal|numeric/.test(type)) return 'float';
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

/** A statement of a call, ready to run: SQLite's prepared statement and the parameters its text names. */
type Plan = 'never-ends' | { prepared: Statement; names: string[]; columns: ColumnDefinition[] | undefined };

/** Plans by the call's SQL text, as SQL Server caches sp_executesql plans; cleared when it grows past this. */
const PLAN_CACHE_SIZE = 500;
const plans = new WeakMap<Database, Map<string, Plan[]>>();

function plan(database: Database, sql: string): Plan[] {
  let cache = plans.get(database);
  if (!cache) plans.set(database, (cache = new Map()));
  const known = cache.get(sql);
  if (known) return known;
  const made: Plan[] = [];
  for (const statement of splitStatements(sql)) {
    const rewritten = rewriteStatement(statement);
    if (rewritten.kind === 'never-ends') {
      made.push('never-ends');
      break;
    }
    if (rewritten.kind === 'ignored') continue;
    const prepared = database.prepare(rewritten.sql);
    const names = [...new Set([...rewritten.sql.matchAll(/@(\w+)/g)].map((match) => match[1]!))];
    if (prepared.reader) prepared.safeIntegers(true).raw(true);
    made.push({ prepared, names, columns: prepared.reader ? prepared.columns() : undefined });
  }
  // DDL changes what later statements mean: only plans of reads and writes are kept.
  if (!/^\s*(create|drop|alter)\s/i.test(sql)) {
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
    if (!step.columns) {
      outcomes.push({ rows: [], count: step.prepared.run(parameters).changes });
      continue;
    }
    const rows = step.prepared.all(parameters) as unknown[][];
    const columns = step.columns.map((column, index) => ({
      name: column.name, type: columnType(column.type, rows.map((row) => row[index])),
    }));
    outcomes.push({ columns, rows: rows.map((row) => row.map(toCell)), count: rows.length });
  }
  return outcomes;
}
