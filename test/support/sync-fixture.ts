// A SQLite contacts table built to stress sync: few distinct timestamps, keys out of timestamp order, NULL checkpoints.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ProfileInput } from '../../bridge/profile/schema.js';

export const FIXTURE_ROWS = 1000;
export const STAMPS = ['2024-01-01 00:00:00', '2024-01-01 00:00:01', '2024-01-02 10:00:00', '2024-01-02 10:00:00.5', '2024-02-01 08:00:00', '2024-03-01 00:00:00', '2024-03-01 00:00:01'];

export function createSyncFixture(folder: string): string {
  const file = path.join(folder, 'sync.sqlite');
  const db = new Database(file);
  db.exec('create table people (id integer primary key, name text, phone text, updated_at text); create index people_cp on people(updated_at, id)');
  const insert = db.prepare('insert into people (id, name, phone, updated_at) values (?, ?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= FIXTURE_ROWS; id += 1) {
      // Keys are spread so that every timestamp group holds low and high keys; a few rows have no timestamp.
      const stamp = id % 97 === 0 ? null : STAMPS[(id * 7919) % STAMPS.length]!;
      insert.run(id, `Person ${id}`, `(212) 555-${String(id).padStart(4, '0')}`, stamp);
    }
  })();
  db.close();
  return file;
}

export function syncProfile(file: string, pageSize = 37): ProfileInput {
  return {
    version: 1,
    integrations: [{
      id: 'people', displayName: 'People',
      connection: { dialect: 'sqlite', filename: file },
      contacts: { source: { table: 'people' }, key: 'id', checkpoint: 'updated_at', pageSize, fields: { name: 'name', phones: 'phone' } },
    }],
  };
}

export function openFixture(file: string): Database.Database {
  return new Database(file);
}
