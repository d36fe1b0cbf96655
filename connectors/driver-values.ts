// Values drivers share: dates kept at full precision, with the text the database reads back exactly.
import type { Value } from './connector.js';

/**
 * A date or datetime as a driver read it: `iso` is what the bridge sees (UTC ISO-8601, full precision),
 * `bound` the text the database reads back exactly when a keyset cursor binds it again.
 */
export class DriverDate {
  constructor(readonly iso: string, readonly bound: string) {}
}

/** Turns `YYYY-MM-DD HH:MM:SS[.f…][+00[:00]]` (a UTC database text) into ISO-8601 with Z, keeping every digit. */
export function isoFromDatabaseText(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]00(?::?00)?)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}T${match[2]}${match[3] ?? '.000'}Z`;
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
