// SQLite's runaway reads: a view used as a table is stopped at the timeout like custom SQL; closing the connector, or
// its process dying, ends one at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import { createConnector, type ConnectionConfig, type ConnectorError } from '../../connectors/index.js';
import { childPids } from '../support/processes.js';
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
    create table people (id integer primary key, phone text, mobile text, email text);
    create index people_phone on people (phone);
    insert into people values (1, '+12125550101', '+12125550102', 'ada@example.com');
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

/** The reading processes this test process has started that are still running. */
function readers(): number[] {
  return childPids(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sqlite-reader-process');
    } catch {
      return false;
    }
  });
}

test('lookups an index serves run here; a scan of an unindexed column, an e-mail match or an agent page goes where it can be stopped', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const before = new Set(readers());
  const started = () => readers().filter((pid) => !before.has(pid)).length;
  const connector = createConnector(config);
  try {
    const people = { table: 'people' };
    const byColumn = (column: string, value: string) => connector.findContactKeys({ source: people, key: 'id', equals: [{ column, values: [value] }], limit: 5 });
    assert.deepEqual(await byColumn('phone', '+12125550101'), [1]);
    assert.deepEqual(await connector.selectRows({ source: people, columns: ['email'], where: { column: 'id', values: [1] }, limit: 1 }), [{ email: 'ada@example.com' }]);
    assert.equal(started(), 0, 'indexed lookups started no reading process');
    assert.deepEqual(await byColumn('mobile', '+12125550102'), [1]);
    assert.equal(started(), 1, 'a scan of an unindexed column is read in the process ended at the timeout');
    const byEmail = await connector.findContactKeys({ source: people, key: 'id', equals: [], emails: { columns: ['email'], values: ['ADA@example.com'] }, limit: 5 });
    assert.deepEqual(byEmail, [1]);
    assert.equal((await connector.selectPage(people, 'id', 0, 10)).length, 1);
    assert.equal(started(), 1, 'the same reading process answered the e-mail match and the agent page');
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

/** CPU time a process has used, in ticks (1/100 s); undefined once it has gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Polls `condition` (bounded): processes are seen through /proc, which sends no signal. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (condition()) return;
    await delay(50);
  }
  assert.fail(what);
}

test('a reading process stuck in a runaway statement ends when the process that started it dies', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const script = new URL('../support/runaway-parent.ts', import.meta.url).pathname;
  // Without a bound: only ending its process stops it.
  const endless = 'with recursive r(x) as (select 1 union all select x + 1 from r) select count(*) as n from r';
  const parent = spawn(process.execPath, ['--import', 'tsx', script, config.filename!, endless], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(parent.stdout!, 'data');
  const reader = childPids(parent.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sqlite-reader-process'));
  assert.ok(reader, 'the reading process was started');
  try {
    const started = cpuTicks(reader)!;
    await until(() => (cpuTicks(reader) ?? Infinity) - started >= 30, 'the reading process runs the runaway statement');
    parent.kill('SIGKILL');
    await once(parent, 'close');
    await until(() => cpuTicks(reader) === undefined, 'the reading process outlived the process that started it');
  } finally {
    if (cpuTicks(reader) !== undefined) process.kill(reader, 'SIGKILL');
  }
});
