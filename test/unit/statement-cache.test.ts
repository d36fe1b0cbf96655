import { test } from 'node:test';
import assert from 'node:assert/strict';
import knexFactory, { type Knex } from 'knex';
import { StatementCache } from '../../connectors/statement-cache.js';
import { unionOfSets } from '../../connectors/row-sets.js';
import { capped } from '../../connectors/lookup-plans.js';

const CLIENTS = ['better-sqlite3', 'mysql2', 'pg', 'mssql'];

for (const client of CLIENTS) {
  test(`${client}: a lookup's SQL is compiled once per shape and bound again with new values`, async () => {
    const knex = knexFactory({ client, useNullAsDefault: true, connection: client === 'better-sqlite3' ? { filename: ':memory:' } : {} });
    try {
      const cache = new StatementCache(knex);
      const build = (phones: string[], mobiles: string[], limit: number) => () =>
        capped(knex('customers').select('id').where((inner) => { inner.orWhereIn('phone', phones).orWhereIn('mobile', mobiles); }), limit);
      const sent: Knex.Sql[] = [];
      const run = async (statement: Knex.QueryBuilder | Knex.Raw) => { sent.push(statement.toSQL()); return []; };
      const lookup = (phones: string[], mobiles: string[], limit: number) =>
        cache.rows(`keys:${phones.length}:${mobiles.length}:${limit}`, [phones, mobiles], build(phones, mobiles, limit), run);
      await lookup(['a', 'b'], ['c', 'd'], 20);
      await lookup(['e', 'f'], ['g', 'h'], 20);
      await lookup(['i'], ['j', 'k'], 20);
      // What the builder itself would have sent for each call.
      const expected = [build(['a', 'b'], ['c', 'd'], 20)(), build(['e', 'f'], ['g', 'h'], 20)(), build(['i'], ['j', 'k'], 20)()].map((builder) => builder.toSQL());
      assert.deepEqual(sent.map(({ sql, bindings }) => ({ sql, bindings })), expected.map(({ sql, bindings }) => ({ sql, bindings })));
      assert.equal(sent[0]!.method, 'select', 'the first call of a shape goes through the builder');
      assert.equal(sent[1]!.method, 'raw', 'the second call of a shape reuses its SQL');
      assert.equal(sent[2]!.method, 'select', 'another shape is compiled anew');
      assert.ok(sent.every(({ bindings }) => !bindings.includes(20)), 'the limit is written into the SQL, not bound');
    } finally {
      await knex.destroy();
    }
  });
}

test('a shape whose bindings are not its value lists in order keeps going through the builder', async () => {
  const knex = knexFactory({ client: 'pg', connection: {} });
  try {
    const cache = new StatementCache(knex);
    const methods: string[] = [];
    const run = async (statement: Knex.QueryBuilder | Knex.Raw) => { methods.push(statement.toSQL().method); return []; };
    // The builder binds the second list first.
    const build = () => knex('customers').select('id').whereIn('mobile', ['b']).whereIn('phone', ['a']);
    for (let call = 0; call < 5; call += 1) await cache.rows('odd', [['a'], ['b']], build, run);
    assert.deepEqual(methods, ['select', 'select', 'select', 'select', 'select']);
  } finally {
    await knex.destroy();
  }
});

for (const client of CLIENTS) {
  test(`${client}: a table source's where filter is kept in the statement, its values bound as the builder bound them`, async () => {
    const knex = knexFactory({ client, useNullAsDefault: true, connection: client === 'better-sqlite3' ? { filename: ':memory:' } : {} });
    try {
      const cache = new StatementCache(knex);
      // As sql-source.ts filters a table: the filters' values come before the lookup's own.
      const build = (ids: string[], limit: number) => () => knex('tickets')
        .where((inner) => { inner.where('deleted', 0).where((differs) => differs.whereNot('state', 'spam').orWhereNull('state')); })
        .whereIn('customer_id', ids).limit(limit, { skipBinding: true });
      const sent: Knex.Sql[] = [];
      const run = async (statement: Knex.QueryBuilder | Knex.Raw) => { sent.push(statement.toSQL()); return []; };
      const lookup = (ids: string[], limit: number) => cache.rows(`rows:${ids.length}:${limit}`, [ids], build(ids, limit), run);
      await lookup(['7', '8'], 50);
      await lookup(['9', '10'], 50);
      assert.deepEqual(sent.map((sql) => sql.method), ['select', 'raw'], 'the second call reuses the SQL of the first');
      const expected = build(['9', '10'], 50)().toSQL();
      assert.deepEqual({ sql: sent[1]!.sql, bindings: sent[1]!.bindings }, { sql: expected.sql, bindings: expected.bindings });
    } finally {
      await knex.destroy();
    }
  });
}

test('a filter value equal to one of the first call\'s values is told apart by a later call', async () => {
  const knex = knexFactory({ client: 'better-sqlite3', useNullAsDefault: true, connection: { filename: ':memory:' } });
  try {
    const cache = new StatementCache(knex);
    const build = (ids: string[]) => () => knex('tickets').where((inner) => { inner.where('owner', '3'); }).whereIn('customer_id', ids).limit(20, { skipBinding: true });
    const sent: Knex.Sql[] = [];
    const run = async (statement: Knex.QueryBuilder | Knex.Raw) => { sent.push(statement.toSQL()); return []; };
    const lookup = (ids: string[]) => cache.rows('rows:1', [ids], build(ids), run);
    await lookup(['3']);
    await lookup(['4']);
    await lookup(['5']);
    assert.deepEqual(sent.map((sql) => sql.method), ['select', 'select', 'raw'], 'kept only once a call told the filter from the values');
    assert.deepEqual(sent[2]!.bindings, ['3', '5']);
  } finally {
    await knex.destroy();
  }
});

for (const client of ['mysql2', 'pg', 'mssql']) {
  test(`${client}: a union of row sets is compiled once per shape, its branches' values bound in order`, async () => {
    const knex = knexFactory({ client, useNullAsDefault: true, connection: client === 'better-sqlite3' ? { filename: ':memory:' } : {} });
    try {
      const cache = new StatementCache(knex);
      const union = (tickets: string[], notes: string[]) => {
        const header = client !== 'mysql2' ? knex.from(knex.raw('?? as ??', ['tickets', 'h0'])).crossJoin(knex.raw('?? as ??', ['notes', 'h1'])) : undefined;
        const { sql, bindings } = unionOfSets(knex, [
          { from: knex('tickets').whereIn('customer_id', tickets).orderBy('created_at', 'desc').limit(50, { skipBinding: true }), columns: ['id', 'created_at'] },
          { from: knex('notes').whereIn('customer_id', notes).limit(7, { skipBinding: true }), columns: ['body'] },
        ], { header, form: client === 'mssql' ? 'derived' : 'parenthesized' });
        return knex.raw(sql, bindings);
      };
      const build = (tickets: string[], notes: string[]) => () => union(tickets, notes);
      const sent: Knex.Sql[] = [];
      const run = async (statement: Knex.QueryBuilder | Knex.Raw) => { sent.push(statement.toSQL()); return []; };
      let builds = 0;
      const lookup = (tickets: string[], notes: string[]) => cache.rows(`sets:${tickets.length}:${notes.length}`, [tickets, notes],
        () => { builds += 1; return build(tickets, notes)(); }, run);
      await lookup(['1', '2'], ['1', '2']);
      await lookup(['3', '4'], ['5', '6']);
      assert.deepEqual(sent[1]!.bindings, ['3', '4', '5', '6']);
      assert.equal(sent[1]!.sql, build(['3', '4'], ['5', '6'])().toSQL().sql);
      assert.match(sent[1]!.sql, /union all/);
      assert.equal(builds, 1, 'the second call reuses the SQL of the first');
    } finally {
      await knex.destroy();
    }
  });
}
