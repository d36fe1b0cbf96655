// Runs the connector contract, late-commit and time-zone suites on SQL Server (the TDS test double, or MSSQL_URL), plus its TLS refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectorError, createConnector } from '../../connectors/index.js';
import { startTdsTestDouble } from '../support/tds-test-double/server.js';
import { defineContractSuite } from './connector-contract.js';
import { defineLateCommitSuite } from './late-commits.js';
import { defineTimeZoneSuite } from './time-zones.js';

defineContractSuite('mssql');
defineLateCommitSuite('mssql');
defineTimeZoneSuite('mssql');

test('mssql: a server that requires encryption, with encrypt off, is reported as db_tls', async () => {
  const credentials = { user: 'deskbridge', password: 'Tds-double-1', database: 'crm' };
  const double = await startTdsTestDouble({ ...credentials, requireEncryption: true });
  const connector = createConnector({ dialect: 'mssql', host: '127.0.0.1', port: double.port, ...credentials, queryTimeoutMs: 2000, pool: { max: 1 } });
  try {
    const error = await connector.testConnection().then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ConnectorError, String(error));
    assert.equal(error.code, 'db_tls');
    assert.match(error.message, /Turn on "encrypt"/);
  } finally {
    await connector.close();
    await double.close();
  }
});
