// SQLite's runaway reads: a view used as a table is stopped at the timeout like custom SQL, and close ends one at once.
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import { createConnector, type ConnectionConfig, type ConnectorError } from '../../connectors/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const RUNAWAY = 'with recursive r(x) as (select 1 union all select x + 1 from r where x < 20000000) select count(*) as n from r';

const temp = makeTempDir();
let config: ConnectionConfig;

before(() => {
  const filename = path.join(temp.path, 'office.sqlite');
  const db = new Database(filename);
  db.exec(`
    create table customers (id integer primary key, name text);
    insert into customers values (1, 'Ada');
    create view slow_customers as select customers.* from customers where (${RUNAWAY}) > 0;`);
  db.close();
  config = { dialect: 'sqlite', filename, queryTimeoutMs: 500, pool: { max: 2 } };
});

after(() => temp.remove());

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as ConnectorError).code;
  }
}

test('a lookup over a view is stopped at the timeout like custom SQL; one over a stored table answers', async () => {
  const connector = createConnector(config);
  try {
    const lookup = (table: string) => connector.selectRows({ source: { table }, columns: ['id', 'name'], where: { column: 'id', values: [1] }, limit: 1 });
    assert.equal(await codeOf(lookup('slow_customers')), 'db_timeout');
    assert.deepEqual(await lookup('customers'), [{ id: 1, name: 'Ada' }]);
    assert.equal(await codeOf(lookup('slow_customers')), 'db_timeout', 'stopped again on the replacement process');
  } finally {
    await connector.close();
  }
});

test('closing the connector ends a runaway read at once', async () => {
  // A timeout far beyond the test's own: only close can end this read.
  const connector = createConnector({ ...config, queryTimeoutMs: 60_000 });
  assert.equal((await connector.sampleRows({ table: 'customers' }, 1)).length, 1);
  const read = codeOf(connector.sampleRows({ sql: RUNAWAY }, 1));
  await connector.close();
  assert.equal(await read, 'db_unavailable');
});
