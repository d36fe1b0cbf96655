// Knex's internals the connectors rely on (connectors/private/knex.ts): an upgrade that moves one fails here, by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import knexFactory from 'knex';
import { disposeConnection, freeConnectionNow, knexDialectClient, mssqlRequests, poolClient, type ExtendedDialect } from '../../connectors/private/knex.js';

const OVERRIDDEN: Record<ExtendedDialect, string[]> = {
  // postgres.ts names prepared statements in _query; sqlite.ts answers rowsAsArrays in it with _formatBindings.
  postgres: ['_query', 'positionBindings'],
  'better-sqlite3': ['_query', '_formatBindings', 'acquireRawConnection'],
  // mssql-dates.ts reads dates in processResponse; mssql.ts binds kept statements with _setReqInput on _driver()'s Request.
  mssql: ['processResponse', '_setReqInput', '_driver', 'positionBindings'],
};

for (const [dialect, methods] of Object.entries(OVERRIDDEN) as Array<[ExtendedDialect, string[]]>) {
  test(`Knex's ${dialect} client still has the methods the connector extends or calls: ${methods.join(', ')}`, () => {
    const Client = knexDialectClient<{ prototype: Record<string, unknown> }>(dialect);
    for (const method of methods) {
      assert.equal(typeof Client.prototype[method], 'function', `knex/lib/dialects/${dialect}: ${method} is gone; see connectors/private/knex.ts`);
    }
  });
}

test('a connection marked disposed is destroyed by the pool when it comes back, and the next one is new', async () => {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 0, max: 1 } });
  try {
    const pool = poolClient(knex);
    const first = await pool.acquireConnection();
    await pool.releaseConnection(first);
    assert.equal(await pool.acquireConnection().then(async (again) => { await pool.releaseConnection(again); return again; }), first, 'the pool reuses a healthy connection');
    const marked = await pool.acquireConnection();
    disposeConnection(marked, 'test');
    await pool.releaseConnection(marked);
    const next = await pool.acquireConnection();
    await pool.releaseConnection(next);
    assert.notEqual(next, first, 'Knex no longer honours __knex__disposed; see connectors/private/knex.ts');
  } finally {
    await knex.destroy();
  }
});

test("the pool's free connection is found where freeConnectionNow looks, and only while nobody holds it", async () => {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 0, max: 1 } });
  try {
    const pool = poolClient(knex);
    assert.equal(freeConnectionNow(knex), undefined, 'no connection is open yet');
    const connection = await pool.acquireConnection();
    assert.equal(freeConnectionNow(knex), undefined, 'a connection in use is not free');
    await pool.releaseConnection(connection);
    assert.equal(freeConnectionNow(knex), connection, "tarn no longer keeps free connections in pool.free; see connectors/private/knex.ts");
    disposeConnection(connection, 'test');
    assert.equal(freeConnectionNow(knex), undefined, 'a connection marked disposed is not handed out');
  } finally {
    await knex.destroy();
  }
});

test('the mssql client hands out tedious\' Request and binds a value as a typed parameter', () => {
  const knex = knexFactory({ client: 'mssql', connection: {} });
  try {
    const { Request, bind } = mssqlRequests<{ parameters: Array<{ name: string; value: unknown }> }>(knex);
    const request = new Request('select @p0', () => {});
    bind(request, 0, 'x');
    assert.deepEqual(request.parameters.map(({ name, value }) => [name, value]), [['p0', 'x']]);
  } finally {
    void knex.destroy();
  }
});
