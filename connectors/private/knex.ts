// Every reach into Knex's internals, in one place: Knex is pinned to an exact version (package.json), and
// test/unit/private-knex.test.ts fails when an upgrade moves any of these.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);

/** The query Knex hands a dialect client's `_query`, whose `response` the client fills in. */
export interface KnexQuery { sql: string; bindings?: unknown[]; options?: Record<string, unknown>; response?: unknown }

/** The dialects whose Knex client class the connectors extend. */
export type ExtendedDialect = 'postgres' | 'better-sqlite3' | 'mssql';

/** Knex's own client class for a dialect, to extend (`_query` is where a statement meets the driver). */
export function knexDialectClient<T>(dialect: ExtendedDialect): T {
  return require(`knex/lib/dialects/${dialect}/index.js`) as T;
}

/** The parts of Knex's client the runner drives itself, to run kept statements on a pooled connection. */
export interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  /** `?` placeholders in the driver's own form: PostgreSQL's $1, tedious' @p0; MySQL keeps `?`. */
  positionBindings(sql: string): string;
}

export function poolClient(knex: Knex): PoolClient {
  return knex.client as unknown as PoolClient;
}

/** What the pool (tarn) holds: its free connections, each with the time it became idle, and the callers waiting. */
interface TarnPool { free: Array<{ resource: unknown; timestamp: number }>; pendingAcquires: unknown[] }

/**
 * A connection the pool holds free at this moment, for work that ends before the caller returns (an in-process,
 * synchronous driver): nobody else can take it meanwhile, so it stays in the pool. Undefined when none is free, or
 * when callers are waiting for one (they come first). Its idle time starts again, as on a return to the pool.
 */
export function freeConnectionNow(knex: Knex): unknown {
  const pool = (knex.client as { pool?: TarnPool }).pool;
  if (!pool || pool.pendingAcquires.length > 0) return undefined;
  const free = pool.free.at(-1);
  if (!free || (free.resource as { __knex__disposed?: unknown }).__knex__disposed !== undefined) return undefined;
  free.timestamp = Date.now();
  return free.resource;
}

/** Marks a pooled connection for the pool to destroy when it comes back, instead of handing it out again. */
export function disposeConnection(connection: unknown, reason: string): void {
  (connection as { __knex__disposed?: unknown }).__knex__disposed = reason;
}

/** tedious' Request class as Knex's mssql client loaded it, and the binding of a value as Knex types it. */
export function mssqlRequests<Request>(knex: Knex): {
  Request: new (sql: string, done: (error: Error | null | undefined) => void) => Request;
  /** Adds `value` as parameter @p<index>, typed as Knex types it (NVarChar, Int, BigInt, Float…). */
  bind(request: Request, index: number, value: unknown): void;
} {
  const client = knex.client as unknown as {
    _driver(): { Request: new (sql: string, done: (error: Error | null | undefined) => void) => Request };
    _setReqInput(request: Request, index: number, value: unknown): void;
  };
  return { Request: client._driver().Request, bind: (request, index, value) => client._setReqInput(request, index, value) };
}
