// Bodies an attacker sends without a key (or with a stolen one): nested 20,000 levels deep on every endpoint. Each is
// refused with a 400 before anything keeps it, and the bridge keeps answering and logging, in one process and in two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { until } from '../support/signals.js';

const ENDPOINTS = ['auth', 'contacts', 'interactions', 'agents', 'actions/log_call'];
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const DEEP = nested(20_000);

/** A POST of raw text on a connection of its own, so with public processes each call goes to the next process. */
function post(bridge: TestBridge, path: string, text: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const call = request(`${bridge.url()}/${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let answer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { answer += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(answer) }));
    });
    call.on('error', reject);
    call.setTimeout(10_000, () => call.destroy(new Error(`no answer to ${path} within 10 s`)));
    call.end(text);
  });
}

/** Deep bodies on every endpoint, with and without a key, `rounds` times each; every answer is a 400 too_deep. */
async function sendDeepBodies(bridge: TestBridge, rounds: number): Promise<number> {
  const key = await bridge.key();
  const bodies: Array<{ headers: Record<string, string>; text: string }> = [
    { headers: {}, text: `{"meta": ${DEEP}}` },
    { headers: {}, text: `{"auth": {"api_key": ${DEEP}}}` },
    { headers: { 'x-api-key': key }, text: `{"meta": {"context": ${DEEP}}}` },
    { headers: { 'x-api-key': key }, text: `{"meta": {}, "data": {"subject": ${DEEP}}}` },
  ];
  let sent = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const endpoint of ENDPOINTS) {
      for (const body of bodies) {
        const answer = await post(bridge, endpoint, body.text, body.headers);
        assert.deepEqual([answer.status, answer.body.error?.code], [400, 'too_deep'], `${endpoint} ${body.text.slice(0, 40)}`);
        assert.match(answer.body.error.message, /more than 32 levels/);
        sent += 1;
      }
    }
  }
  return sent;
}

/** After the attack, normal calls are answered and each is in the request log, beside the refused ones. */
async function assertStillServing(bridge: TestBridge, calls: number, refused: number): Promise<void> {
  const auth = { api_key: await bridge.key() };
  const marker = `marker-${Date.now()}`;
  for (let index = 0; index < calls; index += 1) {
    const answer = await post(bridge, 'interactions', JSON.stringify({ auth, meta: {}, data: { contact_external_id: marker } }));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }
  // Public processes hand their entries over a moment later: the log says when a batch is stored.
  const requestLog = bridge.bridge.context.requestLog;
  const marked = async () => (await requestLog.list({ limit: 1000 })).filter((entry) => JSON.stringify(entry.body ?? null).includes(marker)).length;
  await until(async () => await marked() >= calls, (listener) => requestLog.onWritten(listener), 'every normal call logged');
  const entries = await requestLog.list({ limit: 1000 });
  assert.equal(entries.filter((entry) => JSON.stringify(entry.body ?? null).includes(marker)).length, calls, 'every normal call is logged');
  assert.equal(entries.filter((entry) => entry.errorCode === 'too_deep').length, refused, 'every deep body is logged as refused');
  assert.equal(bridge.bridge.context.requestLog.dropped, 0);
}

test('one process: deep bodies on every endpoint are 400 too_deep, and later calls are answered and logged', async () => {
  const bridge = await startTestBridge();
  try {
    const refused = await sendDeepBodies(bridge, 1);
    await assertStillServing(bridge, 3, refused);
  } finally {
    await bridge.close();
  }
});

test('public processes: deep bodies reach every process, none dies, later calls are answered and logged', async () => {
  const bridge = await startTestBridge({ bridge: { publicProcesses: 2 } });
  try {
    const pids = bridge.bridge.publicProcesses().map((process) => process.pid);
    const connections = bridge.bridge.publicProcesses().map((process) => process.connections);
    // Three rounds on separate connections: each body reaches each process at least once.
    const refused = await sendDeepBodies(bridge, 3);
    const after = bridge.bridge.publicProcesses();
    assert.deepEqual(after.map((process) => process.pid), pids, 'no process was replaced');
    assert.ok(after.every((process, index) => process.serving && process.connections - connections[index]! >= ENDPOINTS.length * 4), JSON.stringify(after));
    await assertStillServing(bridge, 6, refused);
  } finally {
    await bridge.close();
  }
});

test('bodies up to the limits are answered; one level or member more is refused unparsed', async () => {
  const bridge = await startTestBridge();
  try {
    const auth = { api_key: await bridge.key() };
    // The body and meta are two levels; the context takes the other 30.
    const context = JSON.parse(nested(29).replace('1', '[1]'));
    const answer = await post(bridge, 'contacts', JSON.stringify({ auth, meta: { context } }));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.context, context);
    const deeper = await post(bridge, 'contacts', JSON.stringify({ auth, meta: { context: [context] } }));
    assert.deepEqual([deeper.status, deeper.body.error?.code], [400, 'too_deep']);
    const strings = await post(bridge, 'auth', JSON.stringify({ auth, meta: { note: '[[[[{{{{",'.repeat(1000) } }));
    assert.equal(strings.status, 200, 'brackets and commas in strings do not count');
    const members = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]));
    assert.equal((await post(bridge, 'auth', JSON.stringify({ auth, meta: members(998) }))).status, 200);
    for (const headers of [{}, { 'x-api-key': auth.api_key }] as Array<Record<string, string>>) {
      const wide = await post(bridge, 'interactions', JSON.stringify({ meta: {}, data: members(1001) }), headers);
      assert.deepEqual([wide.status, wide.body.error?.code], [400, 'too_wide']);
      assert.match(wide.body.error.message, /more than 1000 members/);
    }
    // Compressed, the same nesting is about 200 bytes on the wire: the limit holds on what it unpacks to.
    const packed = gzipSync(`{"meta": ${DEEP}}`);
    for (const headers of [{}, { 'x-api-key': auth.api_key }] as Array<Record<string, string>>) {
      const deep = await post(bridge, 'contacts', packed, { ...headers, 'content-encoding': 'gzip' });
      assert.deepEqual([deep.status, deep.body.error?.code], [400, 'too_deep'], JSON.stringify(deep.body));
    }
  } finally {
    await bridge.close();
  }
});
