// An action whose database reply is lost after the insert (through a TCP fault proxy): the caller is told the outcome is
// unknown, without an invitation to retry, the request log marks it, and an identical repeat does not insert again.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { Knex } from 'knex';
import type { ProfileInput } from '../../bridge/profile/schema.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { until } from '../support/signals.js';
import { openDirect, openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const QUERY_TIMEOUT_MS = 1500;

function actionProfile(db: TestDatabase, proxy: FaultProxy): ProfileInput {
  const { config } = db;
  return {
    version: 1,
    integrations: [{
      id: 'crm', displayName: 'CRM',
      connection: {
        dialect: db.dialect, host: '127.0.0.1', port: proxy.port, database: config.database, user: config.user,
        ...(config.options ? { options: config.options } : {}), queryTimeoutMs: QUERY_TIMEOUT_MS, pool: { max: 2 },
      },
      contacts: { source: { table: 'contacts' }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name' } },
      actions: [{
        name: 'log_call', display: 'log a call',
        inputs: [{ key: 'subject', name: 'Subject', mandatory: true }],
        insert: { table: 'interactions', values: { contact_id: '{meta.contact_external_id}', kind: '{data.subject}', created_at: '{now}' }, returning: 'id' },
      }, {
        // The database refuses this one itself: nothing is written, so the outcome is known.
        name: 'broken', display: 'broken',
        insert: { table: 'interactions', values: { contact_id: '{meta.contact_external_id}', no_such_column: 'x' } },
      }],
    }],
  };
}

interface Answer { status: number; body: any; retryAfter: string | undefined }

/** POSTs on a connection of its own, so that with several public processes each call may reach another one. */
function postAlone(url: string, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => {
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* kept as text for the assertion to show */ }
        const retryAfter = response.headers['retry-after'];
        resolve({ status: response.statusCode ?? 0, body: parsed, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
      });
    });
    call.on('error', reject);
    call.end(payload);
  });
}

function describeDialect(dialect: 'mysql' | 'postgres', label: string, publicProcesses: number): void {
  describe(`action outcomes on ${label}, ${publicProcesses} public process(es)`, () => {
    let skipReason: string | undefined;
    let db: TestDatabase;
    let direct: Knex;
    let proxy: FaultProxy;
    let bridge: TestBridge;

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { skipReason = opened.unavailable; return; }
      db = opened.database;
      direct = openDirect(db);
      proxy = await startFaultProxy({ port: Number(db.config.port) });
      bridge = await startTestBridge({ profile: () => actionProfile(db, proxy), bridge: { publicProcesses } });
    });

    after(async () => {
      if (skipReason) return;
      await bridge?.close();
      await proxy?.close();
      await direct?.destroy();
      await db?.drop();
    });

    const ready = (t: TestContext): boolean => {
      if (skipReason) t.skip(skipReason);
      return !skipReason;
    };

    const rowsOf = async (subject: string) => Number((await direct('interactions').where('kind', subject).count({ n: '*' }))[0]!.n);
    const act = async (subject: string, contact = '7', order: 'meta first' | 'data first' = 'meta first') => {
      const auth = { api_key: await bridge.key() };
      const meta = { contact_external_id: contact, agent_external_id: '2' };
      const data = { subject };
      return postAlone(`${bridge.url()}/actions/log_call`, order === 'meta first' ? { auth, meta, data } : { data: { ...data }, meta: { agent_external_id: '2', contact_external_id: contact }, auth });
    };

    test('a call refused before its statement reached the database keeps Retry-After and writes nothing', async (t) => {
      if (!ready(t)) return;
      // Before the first action, no write connection is open: every new one is refused.
      proxy.drop();
      const answer = await act('never sent');
      proxy.restore();
      assert.equal(answer.status, 503, JSON.stringify(answer.body));
      assert.match(answer.retryAfter ?? '', /^\d+$/, 'a failure before sending invites a retry');
      assert.equal(await rowsOf('never sent'), 0);
      const retried = await act('never sent');
      assert.equal(retried.status, 201, `the invited retry is applied: ${JSON.stringify(retried.body)}`);
      assert.equal(await rowsOf('never sent'), 1);
    });

    test('a reply lost after the insert: outcome unknown, no Retry-After, logged, and a repeat inserts nothing', async (t) => {
      if (!ready(t)) return;
      const warmUp = await act('warm up');
      assert.equal(warmUp.status, 201, JSON.stringify(warmUp.body));

      proxy.loseReplies();
      const lost = await act('lost reply');
      proxy.restore();
      assert.equal(lost.status, 502, JSON.stringify(lost.body));
      assert.equal(lost.body.error.code, 'outcome_unknown');
      assert.equal(lost.retryAfter, undefined, 'an unknown outcome must not invite a retry');
      assert.match(lost.body.message, /may have been written.*Check before trying again/, 'Talkdesk shows the top-level message');
      assert.equal(await rowsOf('lost reply'), 1, 'the database did apply the insert');

      // Talkdesk (or a person) tries again, once per public process, keys in another order: nothing more is written.
      for (let attempt = 0; attempt <= publicProcesses; attempt += 1) {
        const repeat = await act('lost reply', '7', attempt % 2 === 0 ? 'data first' : 'meta first');
        assert.equal(repeat.status, 502, JSON.stringify(repeat.body));
        assert.equal(repeat.body.error.code, 'outcome_unknown');
        assert.match(repeat.body.message, /identical call .* was not sent again/);
        assert.equal(repeat.retryAfter, undefined);
      }
      assert.equal(await rowsOf('lost reply'), 1, 'a repeat of the identical call inserted a second row');

      // Another call (another contact) is applied.
      const other = await act('lost reply', '8');
      assert.equal(other.status, 201, JSON.stringify(other.body));
      assert.equal(await rowsOf('lost reply'), 2);

      // Public processes send their entries in batches: waited for on the log's writes, and compared as a set, not in order.
      const expected = publicProcesses + 3;
      const requestLog = bridge.bridge.context.requestLog;
      const logged = async () => (await requestLog.list({ endpoint: 'actions', limit: 50 }))
        .filter((entry) => (entry.body as any)?.data?.subject === 'lost reply')
        .map((entry) => `${entry.status} ${entry.errorCode ?? ''} ${entry.writeOutcome ?? ''}`.trim()).sort();
      await until(async () => (await logged()).length >= expected, (listener) => requestLog.onWritten(listener), 'the actions logged');
      const outcomes = await logged();
      assert.deepEqual(outcomes, [
        '201',
        '502 outcome_unknown repeat',
        ...Array.from({ length: publicProcesses }, () => '502 outcome_unknown repeat'),
        '502 outcome_unknown unknown',
      ]);

      // The admin API lists the mark, for the dashboard's request log.
      const listed = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api/requests?endpoint=actions&limit=50`, {
        headers: { authorization: `Bearer ${bridge.bridge.adminToken}` },
      }).then((response) => response.json()) as { entries: Array<{ writeOutcome?: string }> };
      assert.equal(listed.entries.filter((entry) => entry.writeOutcome === 'unknown').length, 1);
      assert.equal(listed.entries.filter((entry) => entry.writeOutcome === 'repeat').length, publicProcesses + 1);
    });

    test('an insert the database refuses is a known failure: not marked, and the same call is sent again', async (t) => {
      if (!ready(t)) return;
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const answer = await postAlone(`${bridge.url()}/actions/broken`, { auth: { api_key: await bridge.key() }, meta: { contact_external_id: '7' }, data: {} });
        assert.equal(answer.status, 502, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'db_query_failed', `attempt ${attempt}: ${JSON.stringify(answer.body)}`);
      }
    });

    test('a reply held past the query timeout is an unknown outcome too', async (t) => {
      if (!ready(t)) return;
      proxy.holdReplies();
      const late = await act('late reply');
      proxy.restore();
      assert.equal(late.status, 502, JSON.stringify(late.body));
      assert.equal(late.body.error.code, 'outcome_unknown');
      assert.equal(late.retryAfter, undefined);
      const repeat = await act('late reply');
      assert.notEqual(repeat.status, 201, 'the repeat was applied again');
      // Held past the timeout, the server may have stopped the statement or committed it: either way, never twice.
      assert.ok(await rowsOf('late reply') <= 1, 'the repeat inserted a second row');
    });
  });
}

describeDialect('mysql', 'MariaDB', 1);
describeDialect('postgres', 'PostgreSQL', 1);
describeDialect('postgres', 'PostgreSQL', 2);
