// A describe block on a throwaway database of one dialect, with an administrator's connection to it; its tests skip, with the reason, when the server is not running.
import { after, before, describe, test, type TestContext } from 'node:test';
import knexFactory, { type Knex } from 'knex';
import type { Dialect } from '../../connectors/index.js';
import { openTestDatabaseOrReason, type TestDatabase } from './databases.js';

/** Defines a test that gets the database and an administrator's Knex on it (PostgreSQL: its schema first in the search path). */
export type DatabaseCheck = (name: string, body: (db: TestDatabase, admin: Knex) => Promise<void>) => void;

export function describeOnDatabase(dialect: Exclude<Dialect, 'sqlite' | 'mssql'>, define: (check: DatabaseCheck) => void): void {
  describe(dialect, () => {
    let database: TestDatabase | undefined;
    let admin: Knex | undefined;
    let unavailable: string | undefined;
    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
      database = opened.database;
      const { host, port, user, database: name, options } = database.config;
      const schema = typeof options?.schema === 'string' ? options.schema : undefined;
      admin = knexFactory({
        client: dialect === 'mysql' ? 'mysql2' : 'pg', connection: { host, port, user, database: name },
        ...(schema ? { searchPath: [schema] } : {}), pool: { min: 0, max: 1 },
      });
    });
    after(async () => {
      await admin?.destroy();
      await database?.drop();
    });
    define((name, body) => test(name, async (t: TestContext) => {
      if (!database || !admin) return t.skip(unavailable ?? 'no database');
      await body(database, admin);
    }));
  });
}
