// The relay and the database go away at the same moment and come back: the bridge heals both by itself and loses nothing.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import knexFactory, { type Knex } from 'knex';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';
import { openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { pollUntil } from '../support/tunnel-wait.js';

let skipReason: string | undefined;
let db: TestDatabase;
let direct: Knex;
let proxy: FaultProxy;
let relay: LocaltunnelRelay;
let bridge: TestBridge;

before(async () => {
  const opened = await openTestDatabaseOrReason('mysql');
  if ('unavailable' in opened) { skipReason = opened.unavailable; return; }
  db = opened.database;
  const { config } = db;
  // Big-number strings: the fixture's keys go past 2^53.
  direct = knexFactory({ client: 'mysql2', connection: { host: config.host, port: config.port, user: config.user, database: config.database, supportBigNumbers: true, bigNumberStrings: true }, pool: { min: 0, max: 1 } });
  [proxy, relay] = await Promise.all([startFaultProxy({ port: Number(config.port) }), startLocaltunnelRelay()]);
  bridge = await startTestBridge({
    profile: () => ({
      version: 1,
      integrations: [{
        id: 'crm', displayName: 'CRM',
        connection: { dialect: 'mysql', host: '127.0.0.1', port: proxy.port, database: config.database, user: config.user, queryTimeoutMs: 1500, pool: { max: 2 } },
        contacts: { source: { table: 'contacts' }, key: 'id', checkpoint: 'updated_at', pageSize: 10, fields: { name: 'name', phones: 'phone' } },
      }],
      tunnel: { provider: 'localtunnel', host: relay.url, subdomain: 'heal-both', acknowledgeUnencrypted: true },
    }),
    bridge: { tunnelTuning: { probeConnectTo: { host: '127.0.0.1', port: relay.port }, backoff: { initialMs: 100, maxMs: 1000 }, controlTimeoutMs: 3000, probeIntervalMs: 500 } },
  });
});
after(async () => {
  if (skipReason) return;
  await bridge?.close();
  await Promise.all([proxy?.close(), relay?.stop()]);
  await direct?.destroy();
  await db?.drop();
});

/** A Talkdesk sync call through the relay to the tunnel name. */
function syncThroughRelay(key: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify({ auth: { api_key: key } });
    const request = http.request({
      host: '127.0.0.1', port: relay.port, path: '/integrations/crm/contacts', method: 'POST', agent: false, timeout: 6000,
      headers: { host: `heal-both.localhost:${relay.port}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* the relay's own pages are not JSON */ }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on('timeout', () => request.destroy(new Error('no answer through the relay')));
    request.on('error', reject);
    request.end(payload);
  });
}

test('relay killed and database dropped together: both come back without a restart, and the next incremental sync has every change', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const key = await bridge.key();
  await pollUntil(async () => (bridge.bridge.publicUrl() ? true : undefined), 15_000, 'the tunnel to come online');
  assert.equal((await syncThroughRelay(key)).status, 200);
  const before = await syncRun(bridge);

  // Both go at once.
  proxy.drop();
  await relay.stop();
  const down = await bridge.post('/contacts', { auth: { api_key: key } });
  assert.equal(down.status, 503);
  const changed = await direct('contacts').where('id', (await direct('contacts').first('id')).id).update({ name: 'Changed while everything was down', updated_at: '2031-01-01 00:00:00' });
  assert.equal(changed, 1);

  // Both return; nobody restarts the bridge.
  proxy.restore();
  await relay.start();
  const healed = await pollUntil(async () => {
    const answer = await syncThroughRelay(key).catch(() => undefined);
    return answer?.status === 200 ? answer : undefined;
  }, 20_000, 'a Talkdesk call through the relay to succeed again', 200);
  assert.ok(Array.isArray(healed.body.contacts));
  assert.equal(bridge.bridge.publicUrl(), 'http://heal-both.localhost');
  const next = await syncRun(bridge, before.checkpoint);
  assert.ok(next.contacts.some((contact: { name: string }) => contact.name === 'Changed while everything was down'), JSON.stringify(next.contacts.map((contact: { name: string }) => contact.name)));
});
