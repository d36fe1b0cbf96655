// better-sqlite3's behaviour the SQLite connector relies on (connectors/private/better-sqlite3.ts): a change fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { cacheStatements, selectRawRows, type RawConnection } from '../../connectors/private/better-sqlite3.js';

function connection(): Database.Database {
  const db = new Database(':memory:');
  db.exec("create table contacts (id integer primary key, name text); insert into contacts values (1, 'Ana'), (2, 'Rui')");
  return db;
}

test('a connection\'s prepare can be replaced, and the cache hands out the same statement for the same SQL', () => {
  const db = connection();
  try {
    cacheStatements(db as unknown as RawConnection);
    const sql = 'select id, name from contacts where id = ?';
    assert.equal(db.prepare(sql), db.prepare(sql));
    assert.deepEqual(db.prepare(sql).get(2), { id: 2, name: 'Rui' });
  } finally {
    db.close();
  }
});

test('raw rows come as arrays, and the shared statement gives objects again afterwards', () => {
  const db = connection();
  try {
    cacheStatements(db as unknown as RawConnection);
    const sql = 'select id, name from contacts order by id';
    assert.deepEqual(selectRawRows(db as unknown as RawConnection, sql, []), [[1, 'Ana'], [2, 'Rui']]);
    assert.deepEqual(db.prepare(sql).all(), [{ id: 1, name: 'Ana' }, { id: 2, name: 'Rui' }]);
    assert.throws(() => selectRawRows(db as unknown as RawConnection, "insert into contacts values (3, 'Eva')", []), /for selects/);
  } finally {
    db.close();
  }
});
