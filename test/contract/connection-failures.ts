// Contract cases for failed connections: each failure a user can cause gives its own code and a plain message.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { ConnectorError, type ConnectionConfig, type Dialect } from '../../connectors/index.js';
import type { TestDatabase } from '../support/databases.js';

type Check = (name: string, body: (db: TestDatabase, t: TestContext) => Promise<void>) => void;
/** Runs testConnection with part of the configuration changed; resolves to what it threw. */
type Attempt = (db: TestDatabase, change: Partial<ConnectionConfig>) => Promise<unknown>;

interface FailureCase {
  name: string;
  /** The configuration change, or why this dialect cannot fail this way. */
  change(db: TestDatabase, closedPort: number): Partial<ConnectionConfig> | string;
  code: ConnectorError['code'];
  message: (db: TestDatabase, closedPort: number) => RegExp;
}

const CASES: FailureCase[] = [
  {
    name: 'wrong password',
    // PostgreSQL here trusts every local user, so an unknown user stands in for a wrong password.
    change: (db) => db.dialect === 'sqlite' ? 'SQLite files have no password'
      : db.dialect === 'postgres' ? { user: 'deskbridge_no_such_user' } : { password: 'certainly-wrong' },
    code: 'db_auth_failed',
    message: (db) => new RegExp(`user "${db.dialect === 'postgres' ? 'deskbridge_no_such_user' : db.config.user}"|login "${db.config.user}"`),
  },
  {
    name: 'port closed',
    change: (db, port) => db.dialect === 'sqlite' ? 'SQLite has no port' : { host: '127.0.0.1', port },
    code: 'db_unreachable',
    message: (_db, port) => new RegExp(`Nothing answers at 127\\.0\\.0\\.1:${port}`),
  },
  {
    name: 'unknown database',
    change: (db) => db.dialect === 'sqlite' ? { filename: '/nonexistent/deskbridge.sqlite' } : { database: 'deskbridge_no_such_database' },
    code: 'db_not_found',
    message: (db) => db.dialect === 'sqlite' ? /does not exist/ : /no database named "deskbridge_no_such_database"/,
  },
  {
    name: 'TLS asked of a server without it',
    change: (db) => db.dialect === 'mysql' || db.dialect === 'postgres' ? { options: { ...db.config.options, ssl: true } }
      : db.dialect === 'mssql' ? 'the reverse case (server requires TLS, encrypt off) is tested in mssql.test.ts' : 'SQLite has no TLS',
    code: 'db_tls',
    message: () => /TLS|SSL|encrypt/i,
  },
];

export function connectionFailures(dialect: Dialect, check: Check, attempt: Attempt, closedPort: () => Promise<number>): void {
  for (const failure of CASES) {
    check(`reports ${failure.name} as ${failure.code} with a plain message`, async (db, t) => {
      const port = await closedPort();
      const change = failure.change(db, port);
      if (typeof change === 'string') return t.skip(change);
      const error = await attempt(db, change);
      assert.ok(error instanceof ConnectorError, `${dialect}: expected ConnectorError, got ${String(error)}`);
      assert.equal(error.code, failure.code, error.message);
      assert.match(error.message, failure.message(db, port));
    });
  }
  check('reports a missing driver as db_driver_missing', async (_db, t) => {
    t.skip('the drivers are installed in this tree; removing one would disturb other runs');
  });
}
