// Reads what the proposal needs from a database: tables, columns, indexes and a bounded sample of each table's values.
import { isConnectorError, UNAVAILABLE_CODES, type ColumnInfo, type Connector, type IndexInfo, type TableInfo, type Value } from '../../connectors/index.js';
import { tableWords, wordsOf } from './words.js';

/** What a column holds, from its declared type and, where the type says little (SQLite), from its values. */
export type ColumnKind = 'text' | 'number' | 'date' | 'bool' | 'binary' | 'other';

export interface ColumnProfile extends ColumnInfo {
  words: string[];
  kind: ColumnKind;
  /** Whether an index (or the primary key) starts with this column. */
  indexed: boolean;
  /** Whether a one-column unique index (or a one-column primary key) covers it. */
  unique: boolean;
  /** The sampled values that are not NULL. */
  values: Value[];
}

export interface TableProfile {
  name: string;
  kind: TableInfo['kind'];
  words: string[];
  columns: ColumnProfile[];
  /** Rows read for the sample (at most the sample size). */
  sampled: number;
  /** False when the time limit passed before this table's values were read. */
  hasSample: boolean;
}

export interface ReadLimits {
  /** Rows read per table: a `LIMIT`, so a large table costs no more than a small one. */
  sampleRows: number;
  /** After this many milliseconds, the remaining tables are read without values. */
  timeLimitMs: number;
  /** Tables read at most (a database of thousands of tables is read in part, and said so). */
  maxTables: number;
}

export const DEFAULT_LIMITS: ReadLimits = { sampleRows: 300, timeLimitMs: 15_000, maxTables: 200 };

function kindOfType(type: string): ColumnKind {
  const lower = type.toLowerCase();
  if (/bool|^bit\b|tinyint\(1\)/.test(lower)) return 'bool';
  if (/date|time/.test(lower)) return 'date';
  if (/blob|binary|bytea|image|raw\b/.test(lower)) return 'binary';
  if (/char|text|clob|string|enum|citext|uuid/.test(lower)) return 'text';
  if (/int|num|dec|float|double|real|money|serial/.test(lower)) return 'number';
  return 'other';
}

/** Last words of column names that hold dates, for columns whose values cannot tell. */
const DATE_WORDS = new Set(['at', 'on', 'date', 'datum', 'fecha', 'data', 'em', 'am', 'time', 'timestamp', 'created', 'updated', 'modified']);

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The kind a column's values show, where its declared type leaves room (SQLite stores dates as text). */
function kindOf(column: ColumnInfo, values: Value[]): ColumnKind {
  const declared = kindOfType(column.type);
  if ((declared === 'text' || declared === 'other') && values.length > 0) {
    const dates = values.filter((value) => typeof value === 'string' && DATE_TEXT.test(value)).length;
    if (dates / values.length >= 0.8) return 'date';
    if (declared === 'other' && values.every((value) => typeof value === 'number')) return 'number';
    if (declared === 'other' && values.every((value) => typeof value === 'string')) return 'text';
  }
  // An empty table's text column (SQLite) shows nothing: its name must do ("created_at", "DataCriacao").
  if ((declared === 'text' || declared === 'other') && values.length === 0 && DATE_WORDS.has(wordsOf(column.name).at(-1) ?? '')) return 'date';
  if (declared === 'other' && values.length === 0 && column.type === '') return 'text';
  return declared;
}

/** Profiles one table: columns and indexes from the catalog, values from one capped read (no ORDER BY, so no sort of the table). */
export async function readTable(connector: Connector, table: TableInfo, sampleRows: number, withSample: boolean): Promise<TableProfile> {
  const [columns, indexes] = await Promise.all([connector.describeColumns(table.name), connector.listIndexes(table.name).catch((): IndexInfo[] => [])]);
  // Binary columns (pictures, files) are left out of the read: a few hundred of them could be megabytes each.
  const readable = columns.filter((column) => kindOfType(column.type) !== 'binary').map((column) => column.name);
  const rows = withSample && readable.length > 0 ? await connector.sampleRows({ table: table.name }, sampleRows, readable) : [];
  const leading = new Set(indexes.map((index) => index.columns[0]));
  const uniques = new Set(indexes.filter((index) => index.unique && index.columns.length === 1).map((index) => index.columns[0]));
  const primaryKeys = columns.filter((column) => column.primaryKey);
  return {
    name: table.name,
    kind: table.kind,
    words: tableWords(table.name),
    sampled: rows.length,
    hasSample: withSample,
    columns: columns.map((column) => {
      const values = rows.map((row) => row[column.name]).filter((value): value is Value => value !== undefined);
      return {
        ...column,
        words: wordsOf(column.name),
        kind: kindOf(column, values),
        indexed: column.primaryKey || leading.has(column.name),
        unique: (column.primaryKey && primaryKeys.length === 1) || uniques.has(column.name),
        values,
      };
    }),
  };
}

/** Profiles the database's tables within the limits; `onTable` hears of each as it is read. */
export async function readSchema(
  connector: Connector, limits: ReadLimits, onTable?: (table: TableProfile) => void, now: () => number = Date.now,
): Promise<{ tables: TableProfile[]; skipped: number; unsampled: number; unreadable: Array<{ name: string; reason: string }> }> {
  const all = (await connector.listTables()).filter((table) => !/^(sqlite_|deskbridge_)/i.test(table.name));
  // Base tables before views: a view usually repeats a table's rows.
  const ordered = [...all.filter((table) => table.kind === 'table'), ...all.filter((table) => table.kind === 'view')].slice(0, limits.maxTables);
  const started = now();
  const tables: TableProfile[] = [];
  const unreadable: Array<{ name: string; reason: string }> = [];
  let unsampled = 0;
  for (const table of ordered) {
    const withSample = now() - started < limits.timeLimitMs;
    if (!withSample) unsampled += 1;
    try {
      const profile = await readTable(connector, table, limits.sampleRows, withSample);
      tables.push(profile);
      onTable?.(profile);
    } catch (error) {
      // One table this user may not read (or a broken view) must not cost the whole proposal.
      if (!isConnectorError(error) || UNAVAILABLE_CODES.has(error.code)) throw error;
      unreadable.push({ name: table.name, reason: error.message });
    }
  }
  return { tables, skipped: all.length - ordered.length, unsampled, unreadable };
}

/** How often each value occurs, most frequent first (values as text, the way value maps key them). */
export function countValues(values: Value[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
