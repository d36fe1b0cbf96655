// Values and rows as drivers give them, made plain: dates kept at full precision, with the text the database reads back exactly.
import type { Row, Value } from './connector.js';
import { utcIsoOfLocalText } from './time-zone.js';

/** A row as a driver gives it. */
export type RawRow = Record<string, unknown>;

/**
 * A date or datetime as a driver read it: `iso` is what the bridge sees (UTC ISO-8601, full precision),
 * `bound` the text the database reads back exactly when a keyset cursor binds it again.
 */
export class DriverDate {
  constructor(readonly iso: string, readonly bound: string) {}
}

/**
 * Turns `YYYY-MM-DD HH:MM:SS[.f…][+00[:00]]` into ISO-8601 with Z, keeping every digit: a text with a UTC offset is
 * UTC, a zone-less one is local time in `zone` (UTC unless told).
 */
export function isoFromDatabaseText(text: string, zone = 'UTC'): string {
  const match = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]00(?::?00)?)?$/.exec(text);
  if (!match) return text;
  if (!match[4] && zone !== 'UTC') return utcIsoOfLocalText(text, zone) ?? text;
  return `${match[1]}T${match[2]}${match[3] ?? '.000'}Z`;
}

/** A zone-less date ('YYYY-MM-DD') as the instant its day starts in `zone`. */
export function dateOnly(text: string, zone = 'UTC'): DriverDate {
  return new DriverDate(utcIsoOfLocalText(text, zone) ?? text, text);
}

/** Turns a driver value into a JSON-safe value: dates as UTC ISO strings, big integers as strings. */
export function plainValue(value: unknown): Value | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof DriverDate) return value.iso;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return JSON.stringify(value);
}

/** A driver's row made plain; NULLs are left out. */
export function plainRow(raw: RawRow): Row {
  const row: Row = {};
  // for…in rather than Object.entries: a sync reads millions of cells, and the pairs are garbage to collect.
  for (const column in raw) {
    const value = raw[column];
    const converted = typeof value === 'string' ? value : plainValue(value);
    if (converted !== undefined) row[column] = converted;
  }
  return row;
}

/** The rows of a raw query's result, whatever shape the driver gives it in. */
export function rawRows(result: unknown): RawRow[] {
  if (Array.isArray(result)) return (Array.isArray(result[0]) ? result[0] : result) as RawRow[];
  const rows = (result as { rows?: RawRow[] } | undefined)?.rows;
  return rows ?? [];
}

/** The column names of a raw query's result, for drivers that report them even without rows. */
export function fieldNames(result: unknown): string[] {
  const fields = Array.isArray(result) ? result[1] : (result as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.map((field: { name?: string }) => field.name).filter((name): name is string => typeof name === 'string');
}

/** Column names once each, in the order first named. */
export function unique(names: string[]): string[] {
  return [...new Set(names)];
}
