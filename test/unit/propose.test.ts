// The mapping proposal on real SQLite databases of many shapes, its bounds on a large table, and the bad cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import knexFactory from 'knex';
import { createConnector, type Connector } from '../../connectors/index.js';
import { proposeIntegration } from '../../bridge/propose/index.js';
import { integrationSchema } from '../../bridge/profile/schema.js';
import { scoreProposal, type Score } from '../support/propose-accuracy.js';
import { SCHEMA_CASES, buildSchema, type TableSpec } from '../support/propose-schemas.js';
import { makeTempDir } from '../support/temp-dir.js';

async function sqliteWith(tables: TableSpec[], setup?: (knex: knexFactory.Knex) => Promise<void>): Promise<{ filename: string; remove(): void }> {
  const dir = makeTempDir('deskbridge-propose-');
  const filename = path.join(dir.path, 'crm.sqlite');
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  try {
    await buildSchema(knex, 'sqlite', tables);
    await setup?.(knex);
  } finally {
    await knex.destroy();
  }
  return { filename, remove: () => dir.remove() };
}

const connectionOf = (filename: string) => integrationSchema.shape.connection.parse({ dialect: 'sqlite', filename });

async function withConnector<T>(filename: string, work: (connector: Connector) => Promise<T>): Promise<T> {
  const connector = createConnector({ ...connectionOf(filename), password: undefined });
  try { return await work(connector); } finally { await connector.close(); }
}

const totals: Score = { right: 0, total: 0, wrong: [] };

for (const schema of SCHEMA_CASES) {
  test(`proposes the mapping of a ${schema.name}`, async (t) => {
    const { filename, remove } = await sqliteWith(schema.tables);
    t.after(remove);
    const proposal = await withConnector(filename, (connector) => proposeIntegration(connector, { connection: connectionOf(filename), locale: schema.locale }));
    // Whatever it proposes is a complete integration the profile accepts.
    integrationSchema.parse(proposal.integration);
    const score = scoreProposal(proposal.integration, schema.expected);
    totals.right += score.right;
    totals.total += score.total;
    totals.wrong.push(...score.wrong.map((line) => `${schema.name}: ${line}`));
    t.diagnostic(`${score.right}/${score.total} decisions right${score.wrong.length > 0 ? `; wrong: ${score.wrong.join('; ')}` : ''}`);
    assert.deepEqual(score.wrong, []);
    for (const note of proposal.notes) assert.ok(note.reason.length > 10, `every note says why: ${JSON.stringify(note)}`);
  });
}

test('a staff table named "Personal" (German, Spanish, Portuguese), "personnel" or "colaboradores" gives the agents', async (t) => {
  const german = SCHEMA_CASES.find((schema) => schema.locale === 'de-DE')!;
  for (const name of ['Personal', 'personnel', 'colaboradores']) {
    const tables = german.tables.map((table) => (table.name === 'Mitarbeiter' ? { ...table, name } : table));
    const { filename, remove } = await sqliteWith(tables);
    t.after(remove);
    const proposal = await withConnector(filename, (connector) => proposeIntegration(connector, { connection: connectionOf(filename), locale: german.locale }));
    const agents = proposal.integration.agents;
    assert.equal(agents && 'table' in agents.source ? agents.source.table : undefined, name);
  }
});

test('accuracy over every schema', (t) => {
  t.diagnostic(`accuracy: ${totals.right}/${totals.total} decisions right`);
  assert.ok(totals.total > 200);
});

/** A connector that records every call made through it, and the rows each sample returned (a recording wrapper, not a double). */
type Call = { method: string; limit?: number; rows?: number; columns?: string[] };

function recording(connector: Connector): { connector: Connector; calls: Call[] } {
  const calls: Call[] = [];
  const proxy = new Proxy(connector, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return async (...args: unknown[]) => {
        const call: Call = { method: String(property) };
        if (property === 'sampleRows') { call.limit = args[1] as number; call.columns = args[2] as string[] | undefined; }
        calls.push(call);
        const result = await (value as (...inner: unknown[]) => Promise<unknown>).apply(target, args);
        if (property === 'sampleRows') call.rows = (result as unknown[]).length;
        return result;
      };
    },
  });
  return { connector: proxy, calls };
}

test('a table of ten million rows is sampled with a capped read: only catalog calls and one LIMIT read per table', async () => {
  const database = await sqliteWith([], async (knex) => {
    await knex.raw('create table customers (id integer primary key, name text, phone text, updated_at text)');
    await knex.raw("with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000000) insert into customers select x, 'C' || x, case when x <= 1000 then '(415) 867-' || (1000 + x % 9000) end, case when x <= 1000 then '2024-01-01 10:00:00' end from c");
    await knex.raw('create table orders (id integer primary key, customer_id integer, created_at text)');
    await knex.raw("insert into orders values (1, 1, '2024-02-01 10:00:00')");
    const [{ rows }] = await knex.raw('select count(*) as rows from customers');
    assert.equal(rows, 10_000_000);
  });
  try {
    const proposal = await withConnector(database.filename, async (connector) => {
      const recorder = recording(connector);
      const result = await proposeIntegration(recorder.connector, { connection: connectionOf(database.filename), locale: 'en-US', limits: { sampleRows: 300 } });
      assert.deepEqual([...new Set(recorder.calls.map((call) => call.method))].sort(), ['describeColumns', 'listIndexes', 'listTables', 'sampleRows']);
      const samples = recorder.calls.filter((call) => call.method === 'sampleRows');
      assert.equal(samples.length, 2, 'one read per table');
      for (const sample of samples) {
        assert.equal(sample.limit, 300);
        assert.ok((sample.rows ?? 0) <= 300, `at most 300 rows read, got ${sample.rows}`);
      }
      return result;
    });
    assert.equal((proposal.integration.contacts.source as { table: string }).table, 'customers');
    assert.deepEqual(proposal.integration.contacts.fields.phones, ['phone']);
  } finally {
    database.remove();
  }
});

test('past the time limit the remaining tables are read by name only, and a note says so', async () => {
  const schema = SCHEMA_CASES[0]!;
  const { filename, remove } = await sqliteWith(schema.tables);
  try {
    const proposal = await withConnector(filename, async (connector) => {
      const recorder = recording(connector);
      const result = await proposeIntegration(recorder.connector, { connection: connectionOf(filename), locale: 'en-US', limits: { timeLimitMs: 0 } });
      assert.equal(recorder.calls.filter((call) => call.method === 'sampleRows').length, 0);
      return result;
    });
    assert.equal((proposal.integration.contacts.source as { table: string }).table, 'customers');
    assert.ok(proposal.notes.some((note) => /not sampled/.test(note.reason) && note.flag === 'check'), JSON.stringify(proposal.notes));
  } finally {
    remove();
  }
});

async function proposalError(tables: TableSpec[]): Promise<Error & { code?: string }> {
  // A statement makes SQLite write the file even when there is no table in it.
  const { filename, remove } = await sqliteWith(tables, async (knex) => { await knex.raw('pragma user_version = 1'); });
  try {
    return await withConnector(filename, (connector) => proposeIntegration(connector, { connection: connectionOf(filename) }).then(
      () => assert.fail('expected the proposal to fail'), (error: Error & { code?: string }) => error,
    ));
  } finally {
    remove();
  }
}

test('an empty database gets an error that says so and what to check', async () => {
  const error = await proposalError([]);
  assert.equal(error.code, 'invalid_request');
  assert.match(error.message, /has no tables.*connection points at the CRM/);
});

test('a database without a table of people gets an error that says why', async () => {
  const error = await proposalError([
    { name: 'products', rows: 5, columns: [['id', 'pk'], ['sku', 'text'], ['price', 'int'], ['updated_at', 'date']], values: { sku: ['A-1'], price: [5], updated_at: ['2024-01-01 10:00:00'] } },
    { name: 'warehouses', rows: 2, columns: [['id', 'pk'], ['code', 'text']], values: { code: ['W1'] } },
  ]);
  assert.equal(error.code, 'invalid_request');
  assert.match(error.message, /None of the 2 tables looks like people/);
});

test('columns with only NULLs and binary columns: named phones kept and flagged, pictures left out with the reason', async () => {
  const schema = SCHEMA_CASES.find((item) => item.name.startsWith('Binary'))!;
  const { filename, remove } = await sqliteWith(schema.tables);
  try {
    const proposal = await withConnector(filename, async (connector) => {
      const recorder = recording(connector);
      const result = await proposeIntegration(recorder.connector, { connection: connectionOf(filename), locale: 'en-US' });
      const sample = recorder.calls.find((call) => call.method === 'sampleRows');
      assert.deepEqual(sample?.columns, ['id', 'name', 'phone', 'email', 'fax', 'updated_at'], 'the picture column is not read');
      return result;
    });
    const phoneNote = proposal.notes.find((note) => note.path === 'contacts.fields.phones');
    assert.equal(phoneNote?.flag, 'check');
    assert.match(phoneNote?.reason ?? '', /empty in the sample/);
    assert.ok(proposal.notes.some((note) => note.path === 'contacts.fields.photo_url' && /picture itself/.test(note.reason)));
    assert.equal(proposal.integration.contacts.fields.photo_url, undefined);
    assert.ok(!(proposal.integration.contacts.fields.phones as string[]).includes('fax'), 'a fax number is not a phone to call');
  } finally {
    remove();
  }
});

test('value maps list every distinct value with its count; values it cannot place are flagged for the user', async () => {
  const { filename, remove } = await sqliteWith([
    { name: 'customers', rows: 10, columns: [['id', 'pk'], ['name', 'text'], ['phone', 'text'], ['updated_at', 'date']], values: { name: ['A'], phone: ['(415) 867-5309'], updated_at: ['2024-01-01 10:00:00'] } },
    { name: 'tickets', rows: 12, columns: [['id', 'pk'], ['customer_id', 'int'], ['subject', 'text'], ['status', 'text'], ['created_at', 'date']],
      values: { customer_id: [1], subject: ['x'], status: ['open', 'open', 'open', 'closed', 'zzz-42', 'open'], created_at: ['2024-01-02 10:00:00'] } },
  ]);
  try {
    const proposal = await withConnector(filename, (connector) => proposeIntegration(connector, { connection: connectionOf(filename), locale: 'en-US' }));
    const note = proposal.notes.find((item) => item.path === 'interactions[0].values.status');
    assert.equal(note?.flag, 'missing');
    assert.deepEqual(note?.values?.map(({ value, count, proposed }) => ({ value, count, proposed })), [
      { value: 'open', count: 8, proposed: 'open' }, { value: 'closed', count: 2, proposed: 'closed' }, { value: 'zzz-42', count: 2, proposed: undefined },
    ]);
    assert.deepEqual(proposal.integration.interactions[0]?.values?.status, { open: 'open', closed: 'closed' });
  } finally {
    remove();
  }
});

test('a table that cannot be read is left out with a note; the rest is still proposed', async () => {
  const schema = SCHEMA_CASES[0]!;
  const { filename, remove } = await sqliteWith(schema.tables, async (knex) => {
    await knex.raw('create table gone (id integer)');
    await knex.raw('create view broken as select id from gone');
    await knex.raw('drop table gone');
  });
  try {
    const proposal = await withConnector(filename, (connector) => proposeIntegration(connector, { connection: connectionOf(filename), locale: 'en-US' }));
    assert.equal((proposal.integration.contacts.source as { table: string }).table, 'customers');
    assert.ok(proposal.notes.some((note) => /"broken" could not be read/.test(note.reason) && note.flag === 'check'), JSON.stringify(proposal.notes.map((note) => note.reason)));
  } finally {
    remove();
  }
});
