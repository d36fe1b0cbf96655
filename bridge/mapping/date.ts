// Dates: database values (SQL text, ISO strings, epoch numbers) to instants, and Talkdesk's date format.
import { instantOfWallClock } from '../../connectors/index.js';

const SQL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i;

/** Milliseconds since the epoch; texts without a zone are local time in `zone` (UTC unless told). Undefined when not a date. */
export function parseInstant(value: string | number | boolean | undefined, zone = 'UTC'): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return value > 1e11 ? value : value * 1000;
  }
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return parseInstant(Number(text));
  const match = SQL_DATETIME.exec(text);
  if (!match) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone_] = match;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  if (!zone_ && zone !== 'UTC') {
    const wall = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${milliseconds}Z`);
    return Number.isNaN(wall) ? undefined : instantOfWallClock(wall, zone);
  }
  let offset = 'Z';
  if (zone_ && zone_.toUpperCase() !== 'Z' && zone_.toUpperCase() !== 'UTC') offset = zone_.includes(':') ? zone_ : `${zone_.slice(0, 3)}:${zone_.slice(3)}`;
  const parsed = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${milliseconds}${offset}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Talkdesk's documented date format: "2024-03-01 17:53:51 UTC". */
export function formatTalkdeskDate(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
