// What the pg driver is handed: type parsers for the connection's time zone, and names for prepared statements.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { dateOnly, DriverDate, isoFromDatabaseText } from './driver-values.js';
import { knexDialectClient, type KnexQuery } from './private/knex.js';

const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const require = createRequire(import.meta.url);

let pgTypes: typeof import('pg').types | undefined;

/**
 * Per-client type parsers (the driver's global ones stay untouched): timestamps keep every microsecond; `timestamp`
 * and `date` hold no zone and are local time in the connection's zone, `timestamptz` comes in the session's, UTC.
 */
export function typeParserIn(zone: string) {
  return (oid: number, format?: string): unknown => {
    if (oid === TIMESTAMP) return (text: string) => new DriverDate(isoFromDatabaseText(text, zone), text);
    if (oid === DATE) return (text: string) => dateOnly(text, zone);
    return getTypeParser(oid, format);
  };
}

function getTypeParser(oid: number, format?: string): unknown {
  if (oid === TIMESTAMPTZ) return (text: string) => new DriverDate(isoFromDatabaseText(text), text);
  // pg is loaded by Knex before any parser is asked for, so this never loads it early; it is looked up once
  // (a require per column of every result cost about a tenth of the bridge's time).
  pgTypes ??= (require('pg') as typeof import('pg')).types;
  return pgTypes.getTypeParser(oid, (format ?? 'text') as 'text');
}

/** Distinct statement texts given a name; past this many, statements are sent unnamed (parsed and planned each time). */
const MAX_NAMED_STATEMENTS = 1000;
const statementNames = new Map<string, string>();

export function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `deskbridge_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

type PgClientClass = new (config: Knex.Config) => { _query(connection: unknown, query: KnexQuery): Promise<unknown> };

/**
 * Knex's pg client, sending the statements the connector marks `prepare` as named prepared statements: PostgreSQL
 * then parses and plans each once per session instead of on every call (planning a phone lookup's IN lists took
 * longer than running it). Only explicit column lists are marked, so a column added meanwhile cannot change a
 * cached statement's result type.
 */
function createPreparingClient(): typeof Knex.Client {
  const Base = knexDialectClient<PgClientClass>('postgres');
  class PreparingClient extends Base {
    override _query(connection: unknown, query: KnexQuery): Promise<unknown> {
      if (query.options?.prepare) {
        const { prepare: _prepare, ...options } = query.options;
        const name = statementName(query.sql);
        query.options = name ? { ...options, name } : options;
      }
      return super._query(connection, query);
    }
  }
  return PreparingClient as unknown as typeof Knex.Client;
}

let pgClient: typeof Knex.Client | undefined;

/** The one preparing client class, made when the first PostgreSQL connection is configured. */
export function preparingClient(): typeof Knex.Client {
  return (pgClient ??= createPreparingClient());
}
