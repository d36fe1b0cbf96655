import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

let bridge: TestBridge;
let key: string;
before(async () => {
  bridge = await startTestBridge();
  key = await bridge.key();
});
after(async () => bridge.close());

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const ENDPOINTS = ['/auth', '/contacts', '/interactions', '/agents', '/actions/log_call'];
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);

/** Bodies shaped like Talkdesk's, with any values in them, a valid key half of the time. */
const envelope = fc.record({
  auth: fc.oneof(fc.constant({ api_key: 'valid' }), fc.jsonValue()),
  meta: fc.oneof(fc.dictionary(fc.constantFrom('offset', 'synchronization_checkpoint', 'context', 'interaction_types', 'contact_external_id', 'agent_external_id'), fc.jsonValue()), fc.jsonValue()),
  data: fc.oneof(fc.dictionary(fc.constantFrom('subject', 'body', 'contact_external_id', 'contact_phones', 'contact_emails', 'contact_name'), fc.jsonValue()), fc.jsonValue()),
}, { requiredKeys: [] });

const statuses = new Map<number, number>();

async function check(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${bridge.bridge.bridgeUrl}${path}`, { method: 'POST', body, headers });
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  assert.ok(response.status < 500 || response.status === 503, `${response.status} for ${path} ${body.slice(0, 300)}: ${text}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${path}: ${text}`);
  const parsed = JSON.parse(text);
  assert.ok(!/\n\s+at /.test(text), 'no stack trace');
  if (response.status >= 400) assert.equal(typeof parsed.error.code, 'string');
}

test('any Talkdesk-shaped body on any endpoint: never a 5xx, always JSON, never a stack trace', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom(...ENDPOINTS), envelope, async (endpoint, value) => {
    const body = JSON.stringify(value).replace('"valid"', JSON.stringify(key));
    await check(`/integrations/demo${endpoint}`, body, { 'content-type': 'application/json' });
  }), { numRuns: RUNS * 3 });
  // The fuzz must reach past authentication and validation, not only bounce off them.
  const passed = (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0);
  assert.ok(passed > RUNS / 10, `only ${passed} calls were answered 200/201: ${JSON.stringify([...statuses])}`);
  assert.ok((statuses.get(400) ?? 0) > RUNS / 10, JSON.stringify([...statuses]));
});

test('any bytes, content types and credential headers: a 4xx JSON answer', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value))), headerText, headerText, headerText,
    async (endpoint, body, contentType, apiKey, authorization) => {
      const headers: Record<string, string> = { 'content-type': contentType };
      if (apiKey) headers['x-api-key'] = apiKey;
      if (authorization) headers.authorization = authorization;
      await check(`/integrations/demo${endpoint}`, body, headers);
    }), { numRuns: RUNS });
});

test('any path: a JSON answer, and nothing but the Talkdesk endpoints and /health exists', async () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{0,20}$/);
  await fc.assert(fc.asyncProperty(fc.array(segment, { maxLength: 5 }), async (segments) => {
    const path = `/${segments.join('/')}`;
    const response = await fetch(`${bridge.bridge.bridgeUrl}${path}`, { method: 'POST', body: '{}' });
    const text = await response.text();
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${path}: ${text}`);
    assert.ok([200, 400, 401, 404, 405].includes(response.status), `${response.status} for ${path}: ${text}`);
  }), { numRuns: RUNS });
});
