import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { createDemoDatabase } from '../../bridge/demo/demo-db.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

let bridge: TestBridge;

before(async () => {
  bridge = await startTestBridge({
    profile: (fixtureDir) => {
      createDemoDatabase(path.join(fixtureDir, 'crm.sqlite'), { contacts: 300 });
      const gone = { ...demoIntegration(path.join(fixtureDir, 'missing.sqlite')), id: 'gone' };
      return { version: 1, integrations: [demoIntegration(path.join(fixtureDir, 'crm.sqlite')), gone] };
    },
  });
});
after(async () => bridge.close());

function assertError(response: { status: number; body: any; headers: Headers }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  assert.equal(response.body.error.code, code);
  assert.equal(typeof response.body.error.message, 'string');
  assert.ok(!JSON.stringify(response.body).includes('    at '), 'no stack trace');
}

test('malformed JSON, non-object bodies and wrong types are 400s with a code', async () => {
  const key = await bridge.key();
  const headers = { 'x-api-key': key };
  assertError(await bridge.post('/contacts', '{"auth": {', { raw: true, headers }), 400, 'bad_json');
  assertError(await bridge.post('/contacts', '[1,2]', { raw: true, headers }), 400, 'invalid_request');
  assertError(await bridge.post('/contacts', '"text"', { raw: true, headers }), 400, 'bad_json');
  assertError(await bridge.post('/contacts', { auth: 'key' }), 400, 'invalid_request');
  assertError(await bridge.post('/contacts', { auth: { api_key: key }, meta: [] }), 400, 'invalid_request');
  assertError(await bridge.post('/interactions', { auth: { api_key: key }, data: { contact_phones: '+15555555555' } }), 400, 'invalid_request');
  assertError(await bridge.post('/interactions', { auth: { api_key: key }, meta: { interaction_types: 'ticket' } }), 400, 'invalid_request');
  // An object where a declared input takes text is refused naming the input (an undeclared one is ignored).
  const operator = await bridge.post('/actions/log_call', { auth: { api_key: key }, data: { subject: { $gt: '' } } });
  assertError(operator, 400, 'invalid_input');
  assert.match(operator.body.error.message, /^Input "subject" must be/);
  assertError(await bridge.post('/agents', { auth: { api_key: key }, meta: { offset: -1 } }), 400, 'invalid_request');
});

test('a body over 1 MB is a 413, before anything runs', async () => {
  const response = await bridge.post('/contacts', { auth: { api_key: await bridge.key() }, meta: { context: 'x'.repeat(1_100_000) } });
  assertError(response, 413, 'body_too_large');
});

test('a call whose body cannot be read is logged against its integration and endpoint', async () => {
  assertError(await bridge.post('/interactions', '{"auth": {', { raw: true }), 400, 'bad_json');
  assertError(await bridge.post('/interactions', { meta: { context: 'x'.repeat(1_100_000) } }), 413, 'body_too_large');
  const [tooLarge, broken] = await bridge.bridge.context.requestLog.list({ endpoint: 'interactions', limit: 2 });
  assert.deepEqual([broken?.integration, broken?.errorCode], ['demo', 'bad_json']);
  assert.deepEqual([tooLarge?.integration, tooLarge?.errorCode], ['demo', 'body_too_large']);
});

test('a body that cannot be decompressed is a 400 bad_encoding; an unknown Content-Encoding a 415 naming it', async () => {
  const body = JSON.stringify({ auth: { api_key: await bridge.key() } });
  const send = async (bytes: Uint8Array | string, encoding: string) => {
    const response = await fetch(`${bridge.url()}/auth`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: bytes });
    return { status: response.status, body: await response.json() as any, headers: response.headers };
  };
  for (const [bytes, encoding] of [['not gzip', 'gzip'], [gzipSync(body).subarray(0, 12), 'gzip'], ['not deflate', 'deflate'], ['not brotli', 'br']] as const) {
    const answer = await send(bytes, encoding);
    assertError(answer, 400, 'bad_encoding');
    assert.match(answer.body.error.message, new RegExp(`"${encoding}"`));
  }
  const unknown = await send(body, 'rot13');
  assertError(unknown, 415, 'unsupported_encoding');
  assert.match(unknown.body.error.message, /"rot13" is not supported/);
  assert.match(unknown.headers.get('accept-encoding') ?? '', /gzip/);
  assert.equal((await send(gzipSync(body), 'gzip')).status, 200);
  assert.equal((await send(brotliCompressSync(body), 'br')).status, 200);
  // A small body that inflates past 1 MB is refused as too large, without inflating it all.
  assertError(await send(gzipSync(Buffer.alloc(20_000_000, 0x20)), 'gzip'), 413, 'body_too_large');
});

test('unknown integrations, actions, paths and methods are 404/405 JSON', async () => {
  assertError(await bridge.post('/contacts', {}, { integration: 'nope' }), 404, 'unknown_integration');
  assertError(await bridge.post('/actions/nope', { auth: { api_key: await bridge.key() } }), 404, 'unknown_action');
  const notFound = await fetch(`${bridge.bridge.bridgeUrl}/admin`);
  assert.equal(notFound.status, 404);
  assert.equal(((await notFound.json()) as any).error.code, 'not_found');
  const get = await fetch(`${bridge.url()}/contacts`);
  assert.equal(get.status, 405);
  const auth = { api_key: await bridge.key() };
  assertError(await bridge.post('/contacts/more', { auth }), 404, 'not_found');
  assertError(await bridge.post('/actions', { auth }), 404, 'not_found');
  // Paths match as Express routes do: any case, one trailing slash; an action name is URL-decoded.
  assert.equal((await bridge.post('/AUTH/', { auth })).status, 200);
  assertError(await bridge.post('/actions/no%20such', { auth }), 404, 'unknown_action');
  assert.match((await bridge.post('/actions/no%20such', { auth })).body.error.message, /no such/);
  assertError(await bridge.post('/actions/%E0%A4%A', { auth }), 400, 'invalid_request');
});

test('injection attempts in values are data, not code: nothing found, nothing changed', async () => {
  const auth = { api_key: await bridge.key() };
  const db = new Database(bridge.bridge.context.profile().integrations[0]!.connection.filename!, { readonly: true });
  const count = () => (db.prepare('select count(*) as n from customers').get() as { n: number }).n;
  const before = count();
  for (const evil of ["1' OR '1'='1", '1; DROP TABLE customers; --', "' UNION SELECT * FROM sqlite_master --", '{id}', '../../etc/passwd']) {
    const byId = await bridge.post('/interactions', { auth, data: { contact_external_id: evil, contact_emails: [evil], contact_phones: [evil] } });
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.body, []);
    const action = await bridge.post('/actions/log_call', { auth, meta: { contact_external_id: evil }, data: { subject: evil, body: '{data.subject}{now}' } });
    assert.equal(action.status, 201);
    const note = db.prepare('select subject, body from notes where id = ?').get(Number(action.body.external_id)) as { subject: string; body: string };
    assert.deepEqual(note, { subject: evil, body: '{data.subject}{now}' });
  }
  assert.equal(count(), before);
  db.close();
});

test('a database that cannot be opened answers 503 with a code, and nothing else breaks', async () => {
  const response = await bridge.post('/contacts', { auth: { api_key: await bridge.key('gone') } }, { integration: 'gone' });
  assertError(response, 503, 'db_not_found');
  assert.ok(response.headers.get('retry-after'));
  assert.equal((await bridge.post('/contacts', { auth: { api_key: await bridge.key() } })).status, 200);
});

test('text/plain and missing content types are still read as JSON (Talkdesk versions differ)', async () => {
  const response = await fetch(`${bridge.url()}/auth`, { method: 'POST', body: JSON.stringify({ auth: { api_key: await bridge.key() } }) });
  assert.equal(response.status, 200);
});
