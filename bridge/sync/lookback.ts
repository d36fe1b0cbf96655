// Late commits: a run's checkpoint never passes the database clock minus the lookback window, kept in the database's own terms.
import { wallClockOf, type Cursor, type Value } from '../../connectors/index.js';
import { parseInstant } from '../mapping/date.js';

/** A date text as databases write them: its date, separator, time, fraction and a UTC marker if any. */
const DATE_TEXT = /^(\d{4}-\d{2}-\d{2})([ T])(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]00(?::?00)?| UTC)?$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `instant` written in the layout of `template` (same separator, as many fraction digits, same UTC marker), as the wall clock of `zone`. */
function writeLike(template: RegExpExecArray, instant: number, zone: string): string {
  const date = new Date(wallClockOf(instant, zone));
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const digits = template[4]?.length ?? 0;
  // Digits past the milliseconds are zeros: the limit only moves earlier, which re-sends a row rather than loses one.
  const fraction = digits > 0 ? `.${pad(date.getUTCMilliseconds(), 3).padEnd(digits, '0').slice(0, digits)}` : '';
  return `${day}${template[2]}${time}${fraction}${template[5] ?? ''}`;
}

/**
 * The checkpoint a page hands Talkdesk: the last row's value, or, when that is later than `ceiling` (the database
 * clock at the run's start minus the window), `ceiling` written the way the database wrote the value. A row
 * stamped before the ceiling but committed after the run read past it is then still ahead of the checkpoint.
 * A zone-less value is local time in `zone` (the connection's), a value typed with a zone is UTC in the session.
 * Values that are not date texts (numbers, row versions) or written in another zone are kept as they are.
 */
export function limitCheckpoint(checkpoint: Value | null, last: Cursor | undefined, ceiling: number | undefined, zone = 'UTC'): Value | null {
  if (ceiling === undefined || typeof checkpoint !== 'string') return checkpoint;
  const layout = DATE_TEXT.exec(checkpoint);
  if (!layout) return checkpoint;
  const at = last?.checkpoint === checkpoint && last.at !== undefined ? Date.parse(last.at) : parseInstant(checkpoint, zone);
  if (at === undefined || Number.isNaN(at) || at <= ceiling) return checkpoint;
  // The zone the text is written in: the driver's instant tells a zoned column (UTC text) from a zone-less one.
  if (at === parseInstant(checkpoint)) return writeLike(layout, ceiling, 'UTC');
  if (!layout[5] && at === parseInstant(checkpoint, zone)) return writeLike(layout, ceiling, zone);
  return checkpoint;
}
