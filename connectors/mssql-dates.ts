// SQL Server dates from tedious: datetime2's 100 ns digits kept, zone-less types read as local time in the connection's zone.
import type { Knex } from 'knex';
import { DriverDate } from './driver-values.js';
import { instantOfWallClock } from './time-zone.js';
import { knexDialectClient } from './private/knex.js';

/** tedious marks datetime2/time/datetimeoffset values with the digits a JavaScript Date cannot hold. */
type TediousDate = Date & { nanosecondsDelta?: number };

/** tedious' types that hold no zone: with useUTC, their Date's UTC fields are the stored wall clock. */
const ZONE_LESS = new Set(['Date', 'DateTime', 'DateTime2', 'DateTimeN', 'SmallDateTime']);

/** A column value as tedious hands it, with its type. */
export interface TediousColumn { value: unknown; metadata: { colName: string; type?: { name?: string } } }

/**
 * A tedious date with every digit: datetime2 keeps 7 fractional digits, datetime its 3. `bound` is the stored text
 * (UTC for datetimeoffset, the wall clock for the others); `iso` the instant, a wall clock read in `zone`.
 */
export function driverDate(date: TediousDate, zone = 'UTC'): DriverDate {
  const wall = date.toISOString();
  const instant = zone === 'UTC' ? wall : new Date(instantOfWallClock(date.getTime(), zone)).toISOString();
  if (typeof date.nanosecondsDelta !== 'number') return new DriverDate(instant, wall.slice(0, -1));
  const extra = String(Math.round(date.nanosecondsDelta * 1e7)).padStart(4, '0');
  // Bound back without the Z: datetime, datetime2 and datetimeoffset all read this form as the text it was.
  return new DriverDate(`${instant.slice(0, 23)}${extra}Z`, `${wall.slice(0, 23)}${extra}`);
}

/** A column's value made plain where it is a date, read in `zone` when its type holds no zone. */
export function adoptColumn(column: TediousColumn, zone: string): unknown {
  const { value } = column;
  if (!(value instanceof Date)) return value;
  return driverDate(value, ZONE_LESS.has(column.metadata.type?.name ?? '') ? zone : 'UTC');
}

/** The zone a client made by zonedMssqlClient reads dates in. */
export function clientZone(client: unknown): string {
  return (client as { timeZone?: unknown }).timeZone === undefined ? 'UTC' : String((client as { timeZone: unknown }).timeZone);
}

type MssqlClientClass = new (config: Knex.Config) => { processResponse(query: { response?: unknown } | null, runner: unknown): unknown };
const clients = new Map<string, typeof Knex.Client>();

/**
 * Knex's mssql client, making each date plain while tedious' column types are still known (Knex drops them when it
 * builds row objects): one class per zone.
 */
export function zonedMssqlClient(zone: string): typeof Knex.Client {
  let client = clients.get(zone);
  if (client) return client;
  const Base = knexDialectClient<MssqlClientClass>('mssql');
  class ZonedClient extends Base {
    readonly timeZone = zone;

    override processResponse(query: { response?: unknown } | null, runner: unknown): unknown {
      const rows = query?.response;
      if (Array.isArray(rows)) {
        for (const row of rows) {
          if (!Array.isArray(row)) continue;
          for (const column of row as TediousColumn[]) column.value = adoptColumn(column, zone);
        }
      }
      return super.processResponse(query, runner);
    }
  }
  client = ZonedClient as unknown as typeof Knex.Client;
  clients.set(zone, client);
  return client;
}
