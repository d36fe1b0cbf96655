// A connection test pointed at a server of another kind (the wrong database type, or a port of something else) says
// what answers there and what to change, told from the server's own protocol; real servers and the TDS test double.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { createConnector, isConnectorError, type ConnectionConfig, type Dialect } from '../../connectors/index.js';
import { identifyServer } from '../../connectors/server-kind.js';
import { closedPort, openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';

type NetworkDialect = Exclude<Dialect, 'sqlite'>;
const DIALECTS: NetworkDialect[] = ['mysql', 'postgres', 'mssql'];
const NAMES: Record<NetworkDialect, string> = { mysql: 'MySQL or MariaDB', postgres: 'PostgreSQL', mssql: 'SQL Server' };
const USUAL: Record<NetworkDialect, number> = { mysql: 3306, postgres: 5432, mssql: 1433 };

const servers = new Map<NetworkDialect, TestDatabase>();
const reasons = new Map<NetworkDialect, string>();
const listeners: Server[] = [];

async function listening(server: Server): Promise<number> {
  listeners.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

before(async () => {
  for (const dialect of DIALECTS) {
    const opened = await openTestDatabaseOrReason(dialect);
    if ('database' in opened) servers.set(dialect, opened.database);
    else reasons.set(dialect, opened.unavailable);
  }
});
after(async () => {
  await Promise.all([...servers.values()].map((server) => server.drop()));
  for (const server of listeners) server.close();
});

/** The error a connection test gives for `dialect` at the port. */
async function testError(dialect: NetworkDialect, port: number): Promise<{ code: string; message: string }> {
  const config: ConnectionConfig = { dialect, host: '127.0.0.1', port, user: 'someone', password: 'not-the-password', database: 'crm', queryTimeoutMs: 2000, pool: { max: 1 } };
  const connector = createConnector(config);
  try {
    await connector.testConnection();
  } catch (error) {
    assert.ok(isConnectorError(error), String(error));
    return { code: error.code, message: error.message };
  } finally {
    await connector.close();
  }
  assert.fail(`a ${dialect} connection test at ${port} passed`);
}

for (const server of DIALECTS) {
  test(`a ${server} server is told from its protocol, and a connection test of every other type at its port says so`, async (t) => {
    const database = servers.get(server);
    if (!database) { t.skip(`skipped: ${reasons.get(server)}`); return; }
    const port = database.config.port!;
    assert.equal(await identifyServer('127.0.0.1', port), server);
    for (const chosen of DIALECTS.filter((dialect) => dialect !== server)) {
      const { code, message } = await testError(chosen, port);
      assert.equal(code, 'db_unreachable');
      assert.equal(message, `127.0.0.1:${port} answers as a ${NAMES[server]} server, not ${NAMES[chosen]}: choose ${NAMES[server]} as the database type, `
        + `or give the port ${NAMES[chosen]} listens on (usually ${USUAL[chosen]}).`);
    }
  });
}

test('an SSH server or a web server at the port is named; a port nothing answers on keeps its own error', async () => {
  const ssh = await listening(createServer((socket) => { socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'); }));
  const web = await listening(createHttpServer((_request, response) => { response.end('ok'); }));
  assert.equal(await identifyServer('127.0.0.1', ssh), 'ssh');
  assert.equal(await identifyServer('127.0.0.1', web), 'web');
  assert.equal((await testError('postgres', ssh)).message, `127.0.0.1:${ssh} is an SSH server, not PostgreSQL: give the port PostgreSQL listens on (usually 5432).`);
  assert.equal((await testError('mysql', web)).message, `127.0.0.1:${web} is a web server, not MySQL or MariaDB: give the port MySQL or MariaDB listens on (usually 3306).`);
  const closed = await closedPort();
  assert.equal(await identifyServer('127.0.0.1', closed), undefined);
  assert.match((await testError('mssql', closed)).message, new RegExp(`^Nothing answers at 127\\.0\\.0\\.1:${closed}`));
});

test('a server that says nothing to any probe is not named, and the driver\'s own error stands', async () => {
  const silent = await listening(createServer(() => {}));
  assert.equal(await identifyServer('127.0.0.1', silent), undefined);
  const { message } = await testError('postgres', silent);
  assert.doesNotMatch(message, /answers as|is an SSH|is a web/);
});
