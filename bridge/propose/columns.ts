// Column tests the proposal shares: what a column's values look like (phones, e-mails, URLs, flags) and which columns point at a table.
import type { Value } from '../../connectors/index.js';
import type { ColumnProfile, TableProfile } from './schema-reader.js';
import { PEOPLE_TABLES, stem, type Vocabulary } from './words.js';

/** The share of a column's sampled values that pass a test (0 when there are none). */
export function shareOf(values: Value[], test: (value: Value) => boolean): number {
  if (values.length === 0) return 0;
  return values.filter(test).length / values.length;
}

/** A column holding text (or of a type read as text). */
export const isText = (column: ColumnProfile): boolean => column.kind === 'text' || column.kind === 'other';

export const looksLikeEmail = (value: Value): boolean => typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
export const looksLikeUrl = (value: Value): boolean => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim());

/** Text that could be a phone number: 6 to 15 digits among the usual punctuation, optionally a leading + or 00. */
export function looksLikePhone(value: Value): boolean {
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 15;
}

/** The longest a short label (a treatment, a product, a reason) usually is, in characters. */
const LABEL_MAX_LENGTH = 80;

/** A value no label is: an e-mail, a URL, a phone number, or a number or date. */
const notLabel = (value: string): boolean => looksLikeEmail(value) || looksLikeUrl(value) || looksLikePhone(value) || /^[\d\s.,:/-]+$/.test(value.trim());

/**
 * A column whose values read like short labels of their rows ("Check-up", "Cleaning"): text on at least half the
 * sampled rows, one line of 2 to 80 characters on average, more than one value, and no e-mails, URLs, phones or
 * numbers. The most filled-in one among those `keep` keeps; ties go to the earlier column.
 */
export function labelColumn(table: TableProfile, keep: (column: ColumnProfile) => boolean): ColumnProfile | undefined {
  let best: { column: ColumnProfile; filled: number } | undefined;
  for (const column of table.columns) {
    const values = column.values.filter((value): value is string => typeof value === 'string');
    if (!isText(column) || !keep(column) || values.length < Math.max(2, table.sampled / 2) || (best && values.length <= best.filled)) continue;
    const averageLength = values.reduce((sum, value) => sum + value.trim().length, 0) / values.length;
    if (averageLength < 2 || averageLength > LABEL_MAX_LENGTH || values.some((value) => /[\r\n]/.test(value) || notLabel(value))) continue;
    if (new Set(values.map((value) => value.trim().toLowerCase())).size < 2) continue;
    best = { column, filled: values.length };
  }
  return best?.column;
}

/** The best-scoring column for a vocabulary among those a filter keeps; ties go to the earlier column. */
export function bestColumn(columns: ColumnProfile[], vocabulary: Vocabulary, keep: (column: ColumnProfile) => boolean = () => true): ColumnProfile | undefined {
  let best: ColumnProfile | undefined;
  let bestScore = 0;
  for (const column of columns) {
    if (!keep(column)) continue;
    const score = vocabulary.score(column.words);
    if (score > bestScore) { best = column; bestScore = score; }
  }
  return best;
}

/** Words naming the row a column points at: `customer_id` → customer, `id_cliente` → cliente, `KundenNr` → kunden. */
function pointerWords(column: ColumnProfile): string[] | undefined {
  const markers = new Set(['id', 'nr', 'no', 'num', 'fk', 'key', 'code', 'codigo', 'ref', 'cd', 'cod']);
  const words = column.words;
  if (words.length < 2) {
    // "customerid", "kundenid", "CLIENTEID": one word ending in id.
    const match = /^(.{3,}?)(id|nr)$/.exec(words[0] ?? '');
    return match ? [match[1]!] : undefined;
  }
  if (!words.some((word) => markers.has(word))) return undefined;
  const rest = words.filter((word) => !markers.has(word));
  return rest.length > 0 ? rest : undefined;
}

/** The column of `table` that holds keys of `target` (by name: a table's singular, or a people word for a people table). */
export function referencingColumn(table: TableProfile, target: TableProfile): ColumnProfile | undefined {
  const targetStem = stem(target.words.join(''));
  const targetIsPeople = PEOPLE_TABLES.has(target.words);
  // A column named exactly like the target's own key ("CD_CLIENTE" in both), unless that name says nothing ("id").
  const targetKey = target.columns.filter((column) => column.primaryKey);
  const keyName = targetKey.length === 1 && targetKey[0]!.words.join('') !== 'id' ? targetKey[0]!.name : undefined;
  for (const column of table.columns) {
    if (column.primaryKey && table.columns.filter((other) => other.primaryKey).length === 1) continue;
    if (keyName && column.name === keyName) return column;
    const words = pointerWords(column);
    if (!words) continue;
    const named = stem(words.join(''));
    if (named.length >= 3 && (targetStem.startsWith(named) || named.startsWith(targetStem))) return column;
    if (targetIsPeople && PEOPLE_TABLES.has(words)) return column;
  }
  return undefined;
}

/** The tables (other than itself) with a column pointing at `target`. */
export function tablesReferencing(tables: TableProfile[], target: TableProfile): Array<{ table: TableProfile; column: ColumnProfile }> {
  return tables.flatMap((table) => {
    if (table === target || table.kind === 'view') return [];
    const column = referencingColumn(table, target);
    return column ? [{ table, column }] : [];
  });
}

/** The table's key: its one-column primary key, else a one-column unique index, else a column called id. */
export function keyOf(table: TableProfile): { column: ColumnProfile; reason: string; sure: boolean } | undefined {
  const primary = table.columns.filter((column) => column.primaryKey);
  if (primary.length === 1) return { column: primary[0]!, reason: `"${primary[0]!.name}" is the table's primary key.`, sure: true };
  const unique = table.columns.find((column) => column.unique && !column.nullable);
  if (unique) return { column: unique, reason: `"${unique.name}" has a unique index and is never empty.`, sure: true };
  const named = table.columns.find((column) => column.words.length === 1 && ['id', 'codigo', 'code', 'nr', 'nummer'].includes(column.words[0]!))
    ?? table.columns.find((column) => column.words.at(-1) === 'id');
  if (named) return { column: named, reason: `"${named.name}" is named like a key, but the database does not declare it unique: check that no two rows share a value.`, sure: false };
  return undefined;
}
