// Opens the state database (SQLite in the data directory) and brings its schema up to date.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { createOwnerOnlyFile } from './data-dir.js';
import { migrationSource } from './migrations.js';

/** Opens `state.sqlite` in the data directory in WAL mode and runs pending migrations. */
export async function openStateDatabase(dataDir: string): Promise<Knex> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const filename = path.join(dataDir, 'state.sqlite');
  // Owner-only from the start; SQLite gives its -wal and -shm files the database file's permissions.
  createOwnerOnlyFile(filename);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: { pragma(source: string): unknown }, done: (error: Error | null, connection: unknown) => void) {
        // WAL survives a kill at any point and lets the CLI read while the bridge writes.
        connection.pragma('journal_mode = WAL');
        connection.pragma('synchronous = NORMAL');
        connection.pragma('busy_timeout = 5000');
        done(null, connection);
      },
    },
  });
  await knex.migrate.latest({ migrationSource });
  return knex;
}
