// Windows (NTLM) logins to SQL Server through the real tedious code path: the TDS test double runs NEGOTIATE → CHALLENGE → AUTHENTICATE.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConnectorError, createConnector, type ConnectionConfig } from '../../connectors/index.js';
import { parseProfile } from '../../bridge/profile/store.js';
import { startTdsTestDouble, type TdsTestDouble } from '../support/tds-test-double/server.js';

const ACCOUNT = { domain: 'OFFICE', user: 'frontdesk', password: 'Winter-2024!' };
let double: TdsTestDouble;

before(async () => {
  double = await startTdsTestDouble({ user: 'sa-only', password: 'unused-Sql-1', database: 'crm', ntlm: ACCOUNT });
  double.database.exec("create table people (id integer primary key, name text); insert into people values (1, 'Ana')");
});
after(async () => double.close());

function windowsLogin(change: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    dialect: 'mssql', host: '127.0.0.1', port: double.port, database: 'crm', authentication: 'ntlm',
    domain: ACCOUNT.domain, user: ACCOUNT.user, password: ACCOUNT.password, queryTimeoutMs: 2000, pool: { max: 1 }, ...change,
  };
}

async function failure(config: ConnectionConfig): Promise<ConnectorError> {
  const connector = createConnector(config);
  try {
    const error = await connector.testConnection().then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ConnectorError, String(error));
    return error;
  } finally {
    await connector.close();
  }
}

test('a Windows account logs in with NTLMv2 and reads', async () => {
  const connector = createConnector(windowsLogin());
  try {
    await connector.testConnection();
    const rows = await connector.sampleRows({ table: 'people' }, 5);
    assert.deepEqual(rows, [{ id: '1', name: 'Ana' }]);
  } finally {
    await connector.close();
  }
});

test('a wrong password, user or domain is refused with a message that names the Windows login', async () => {
  for (const change of [{ password: 'Summer-2024!' }, { user: 'someone' }, { domain: 'ELSEWHERE' }]) {
    const error = await failure(windowsLogin(change));
    assert.equal(error.code, 'db_auth_failed', JSON.stringify(change));
    assert.match(error.message, /SQL Server refused the Windows login [A-Z]+\\[a-z]+: check the domain, the user name and the password/);
  }
});

test('a server that takes no Windows logins says so in words an admin acts on', async () => {
  const sqlOnly = await startTdsTestDouble({ user: 'sa-only', password: 'unused-Sql-1', database: 'crm' });
  try {
    const error = await failure(windowsLogin({ port: sqlOnly.port }));
    assert.equal(error.code, 'db_auth_failed');
    assert.match(error.message, /does not accept Windows logins from here/);
  } finally {
    await sqlOnly.close();
  }
});

test('the profile takes authentication "ntlm" with a domain, for SQL Server only, with a password', () => {
  const integration = (connection: Record<string, unknown>) => ({
    version: 1,
    integrations: [{
      id: 'crm', displayName: 'CRM', connection: { dialect: 'mssql', host: 'sql.office.local', database: 'crm', ...connection },
      contacts: { source: { table: 'people' }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name' } },
    }],
  });
  const password = { secret: 'crm-db' };
  const parsed = parseProfile(integration({ authentication: 'ntlm', domain: 'OFFICE', user: 'frontdesk', password }));
  assert.equal(parsed.integrations[0]!.connection.authentication, 'ntlm');
  assert.throws(() => parseProfile(integration({ authentication: 'ntlm', user: 'frontdesk', password })), /connection\.domain: required for a Windows \(NTLM\) login/);
  assert.throws(() => parseProfile(integration({ authentication: 'ntlm', domain: 'OFFICE', user: 'frontdesk' })), /connection\.password: required for a Windows \(NTLM\) login: logging in as the Windows user running Deskbridge, without a password, is not supported/);
  assert.throws(() => parseProfile(integration({ authentication: 'ntlm', domain: 'OFFICE\\frontdesk', user: 'frontdesk', password })), /connection\.domain: expected the domain name alone/);
  assert.throws(() => parseProfile({ ...integration({}), integrations: [{ ...integration({}).integrations[0]!, connection: { dialect: 'postgres', host: 'h', database: 'd', authentication: 'ntlm', domain: 'OFFICE', user: 'u', password } }] }), /connection\.authentication: Windows \(NTLM\) logins are for SQL Server only/);
});
