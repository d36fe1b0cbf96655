// Wall-clock times in an IANA time zone: local date texts to instants and back, gaps and overlaps as Temporal's "compatible".

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Whether the platform knows `zone` as an IANA time zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** This computer's zone, when the platform names one: what a proposal offers where the database server names none. */
export function machineTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : undefined;
}

/**
 * Whether a server's zone setting names a region's rules (`Europe/Lisbon`, `Etc/GMT+5`) or is UTC. MySQL's
 * `@@system_time_zone` gives abbreviations (`EST`, `MST`) the tz database also knows, but as fixed offsets without
 * summer time: proposing one would put every date an hour off all summer.
 */
export function isRegionTimeZone(zone: string): boolean {
  return (zone === 'UTC' || zone.includes('/')) && isTimeZone(zone);
}

/** The zone's offset from UTC at an instant, read from the platform's tz database (slow: see the cache below). */
function offsetFromPlatform(instant: number, zone: string): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(seconds)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - seconds;
}

/**
 * Offsets kept by day, and by quarter hour on the days a transition falls on: a sync reads a date per row, and asking
 * the platform each time was a large share of a row's cost (docs/PERFORMANCE.md). A span is kept only when the offset is
 * the same at both its ends.
 */
const SPANS_MS = [86_400_000, 900_000];
const MAX_CACHED_SPANS = 100_000;
const spans = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC at an instant, in milliseconds (wall clock minus UTC). */
export function zoneOffset(instant: number, zone: string): number {
  if (zone === 'UTC') return 0;
  let cache = spans.get(zone);
  if (!cache) spans.set(zone, (cache = new Map()));
  for (const [level, length] of SPANS_MS.entries()) {
    const span = Math.floor(instant / length);
    // Both levels in one map: days under even keys, quarter hours under odd ones.
    const key = span * 2 + level;
    let offset = cache.get(key);
    if (offset === undefined) {
      const start = offsetFromPlatform(span * length, zone);
      offset = offsetFromPlatform((span + 1) * length - 1000, zone) === start ? start : null;
      if (cache.size >= MAX_CACHED_SPANS) cache.clear();
      cache.set(key, offset);
    }
    if (offset !== null) return offset;
  }
  return offsetFromPlatform(instant, zone);
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time (given as the UTC milliseconds of its fields) names in `zone`. The tz database's
 * transitions decide: in a gap (clocks spring forward) the time is read with the offset in force before it, which
 * lands as far past the gap as it was into it (02:30 in a one-hour gap is 03:30); in an overlap (clocks fall back)
 * the earlier of the two instants is taken. These are the "compatible" rules of Temporal and java.time.
 */
export function instantOfWallClock(wall: number, zone: string): number {
  if (zone === 'UTC') return wall;
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  const candidates = [...new Set([wall - before, wall - after])].filter((instant) => zoneOffset(instant, zone) === wall - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** The wall clock of an instant in `zone`, as the UTC milliseconds of its fields. */
export function wallClockOf(instant: number, zone: string): number {
  return instant + zoneOffset(instant, zone);
}

const LOCAL_TEXT = /^(\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * A zone-less date or date-time text ('YYYY-MM-DD[ HH:MM[:SS[.f…]]]') read as local time in `zone`, as UTC ISO-8601
 * with every fractional digit kept (offsets are whole seconds, so the digits past the milliseconds do not change).
 * Undefined when the text is not such a date.
 */
export function utcIsoOfLocalText(text: string, zone: string): string | undefined {
  const match = LOCAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = ''] = match;
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (Number.isNaN(wall)) return undefined;
  const iso = new Date(instantOfWallClock(wall, zone)).toISOString();
  return `${iso.slice(0, 19)}.${fraction.padEnd(3, '0')}Z`;
}

/** An instant as the zone's wall clock, 'YYYY-MM-DD HH:MM:SS.mmm' (how a zone-less column is written). */
export function localTextOf(instant: number, zone: string): string {
  return new Date(wallClockOf(instant, zone)).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * An instant as the zone's wall clock with its offset, 'YYYY-MM-DDTHH:MM:SS.mmm+hh:mm': a column with a zone keeps the
 * instant, and one without keeps the local time (PostgreSQL).
 */
export function offsetTextOf(instant: number, zone: string): string {
  const offset = zoneOffset(instant, zone);
  const local = new Date(instant + offset).toISOString().slice(0, 23);
  const minutes = Math.abs(offset) / 60_000;
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
