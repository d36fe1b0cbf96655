import { test } from 'node:test';
import assert from 'node:assert/strict';
import knexFactory, { type Knex } from 'knex';
import type { Value } from '../../connectors/connector.js';
import { mssqlQuirks } from '../../connectors/mssql.js';
import { postgresQuirks } from '../../connectors/postgres.js';
import type { DialectQuirks } from '../../connectors/dialect-quirks.js';
import { QueryRunner } from '../../connectors/query-runner.js';

/** A runner over `client`'s placeholders whose kept statements are recorded instead of sent. */
function recordingRunner(client: string, quirks: DialectQuirks) {
  const compiler = knexFactory({ client });
  const sent: Array<{ sql: string; bindings: Value[] }> = [];
  const knex = {
    client: {
      acquireConnection: async () => ({}),
      releaseConnection: async () => undefined,
      positionBindings: (sql: string) => compiler.client.positionBindings(sql),
    },
  } as unknown as Knex;
  const recording: DialectQuirks = { ...quirks, directQuery: async (_connection, _knex, sql, bindings) => { sent.push({ sql, bindings }); return []; } };
  const runner = new QueryRunner(knex, { dialect: quirks.dialect, queryTimeoutMs: 1000, pool: { max: 1 } }, recording);
  return { direct: runner.direct()!, sent, close: () => compiler.destroy() };
}

test('mssql: a value that recurs in a kept statement is bound once and its parameter named again', async () => {
  const { direct, sent, close } = recordingRunner('mssql', mssqlQuirks);
  try {
    const sql = 'select top (?) [id] from [customers] where [phone] in (?, ?) or [mobile] in (?, ?) or [note] = \'\\?\'';
    await direct(sql, [20, '+15550100', '5550100', '+15550100', '5550100']);
    await direct(sql, [20, '+15550199', '5550199', '+15550199', '5550199']);
    await direct(sql, [20, 'a', 'b', 'c', 'd']);
    await direct(sql, [20, 'a', 'b', 'b', 'a']);
    assert.deepEqual(sent, [
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p1, @p2) or [note] = \'?\'', bindings: [20, '+15550100', '5550100'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p1, @p2) or [note] = \'?\'', bindings: [20, '+15550199', '5550199'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p3, @p4) or [note] = \'?\'', bindings: [20, 'a', 'b', 'c', 'd'] },
      { sql: 'select top (@p0) [id] from [customers] where [phone] in (@p1, @p2) or [mobile] in (@p2, @p1) or [note] = \'?\'', bindings: [20, 'a', 'b'] },
    ]);
  } finally {
    await close();
  }
});

test('pg: every binding keeps its own parameter (PostgreSQL types a parameter by where it is used)', async () => {
  const { direct, sent, close } = recordingRunner('pg', postgresQuirks);
  try {
    await direct('select id from customers where a = ? or b = ?', ['x', 'x']);
    assert.deepEqual(sent, [{ sql: 'select id from customers where a = $1 or b = $2', bindings: ['x', 'x'] }]);
  } finally {
    await close();
  }
});
