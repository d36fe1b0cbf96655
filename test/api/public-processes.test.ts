// The public port served by two processes: every call answered alike whichever process takes its connection, and
// keys, profiles, failed-auth limits, sync runs and the request log one for all.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { until } from '../support/signals.js';

let bridge: TestBridge;

before(async () => {
  bridge = await startTestBridge({ bridge: { publicProcesses: 2 } });
});
after(async () => {
  await bridge?.close();
});

/** A POST on a connection of its own, so the public port hands each call to the next process in turn. */
function post(path: string, body: unknown, integration = 'demo', localAddress?: string): Promise<{ status: number; body: any }> {
  const url = new URL(`${bridge.url(integration)}${path}`);
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', agent: false, localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    call.on('error', reject);
    call.setTimeout(10_000, () => call.destroy(new Error(`no answer to ${path} within 10 s`)));
    call.end(JSON.stringify(body));
  });
}

async function statuses(count: number, path: string, body: unknown, integration?: string, localAddress?: string): Promise<number[]> {
  const answers: number[] = [];
  for (let index = 0; index < count; index += 1) answers.push((await post(path, body, integration, localAddress)).status);
  return answers;
}

const connectionsPerProcess = () => bridge.bridge.publicProcesses().map((process) => process.connections);

test('calls on separate connections reach both processes and get the same answers', async () => {
  const processes = bridge.bridge.publicProcesses();
  assert.equal(processes.length, 2);
  assert.ok(processes.every((process) => process.serving), JSON.stringify(processes));
  assert.notEqual(processes[0]!.pid, processes[1]!.pid);
  const before = connectionsPerProcess();
  const auth = { api_key: await bridge.key() };
  const answers = [];
  for (let index = 0; index < 6; index += 1) answers.push(await post('/interactions', { auth, meta: {}, data: { contact_external_id: '7' } }));
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200, 200]);
  assert.ok(answers[0]!.body.length > 0, 'contact 7 has interactions');
  for (const answer of answers) assert.deepEqual(answer.body, answers[0]!.body);
  const after = connectionsPerProcess();
  assert.deepEqual(after.map((count, index) => count - before[index]!), [3, 3]);
});

test('a key created or revoked is in force in every process when the call that did it returns', async () => {
  const { key, info } = await bridge.bridge.context.apiKeys.create('demo');
  assert.deepEqual(await statuses(4, '/auth', { auth: { api_key: key } }), [200, 200, 200, 200]);
  await bridge.bridge.context.apiKeys.revoke(info.id);
  assert.deepEqual(await statuses(4, '/auth', { auth: { api_key: key } }), [401, 401, 401, 401]);
});

test('a new profile is in force in every process when saving it returns', async () => {
  const profile = bridge.bridge.context.profile();
  const demo = profile.integrations[0]!;
  await bridge.bridge.context.replaceProfile({ ...profile, integrations: [demo, { ...demo, id: 'second', displayName: 'Second' }] });
  const auth = { api_key: await bridge.key('second') };
  assert.deepEqual(await statuses(4, '/auth', { auth }, 'second'), [200, 200, 200, 200]);
  await bridge.bridge.context.replaceProfile(profile);
  assert.deepEqual(await statuses(4, '/auth', { auth }, 'second'), [404, 404, 404, 404]);
});

test('a sync whose pages reach both processes sends every contact once and is one run in the statistics', async () => {
  const auth = { api_key: await bridge.key() };
  const ids = new Set<string>();
  let offset: string | undefined;
  let pages = 0;
  let total = 0;
  do {
    const answer = await post('/contacts', { auth, meta: offset ? { offset } : {} });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    for (const contact of answer.body.contacts) ids.add(String(contact.id));
    total += answer.body.contacts.length;
    offset = answer.body.next_offset;
    pages += 1;
  } while (offset);
  assert.ok(pages >= 3, `only ${pages} pages`);
  assert.equal(total, ids.size, 'no contact twice');
  const [run] = await bridge.bridge.context.syncRuns.list('demo', 1);
  assert.equal(run?.pages, pages);
  assert.equal(run?.rows, total);
  assert.ok(run?.finishedAt, 'the run finished');
});

test('failed authentications count across processes: the 30th from a source gets 429', async () => {
  // A source of its own: another loopback address than the other tests' calls.
  const answers = await statuses(31, '/auth', { auth: { api_key: 'dbk_wrong' } }, 'demo', '127.0.0.7');
  assert.deepEqual(answers.slice(0, 29), new Array(29).fill(401));
  assert.deepEqual(answers.slice(29), [429, 429]);
});

test('the request log holds the calls every process answered', async () => {
  const auth = { api_key: await bridge.key() };
  await statuses(4, '/interactions', { auth, meta: {}, data: { contact_external_id: 'marker-404' } });
  const requestLog = bridge.bridge.context.requestLog;
  const logged = async () => {
    const entries = await requestLog.list({ integration: 'demo', endpoint: 'interactions', limit: 100 });
    return entries.filter((entry) => JSON.stringify(entry.body).includes('marker-404')).length;
  };
  // Each process hands its entries over in batches; the log says when a batch is stored.
  await until(async () => await logged() >= 4, (listener) => requestLog.onWritten(listener), 'four entries logged');
  assert.equal(await logged(), 4);
});

test('a public process that dies is started again, and calls are answered meanwhile', async () => {
  const [, child] = bridge.bridge.publicProcesses();
  const processes = () => bridge.bridge.publicProcesses();
  process.kill(child!.pid, 'SIGKILL');
  // Connections it held, or was being handed as it died, are lost with it; once its end is noticed, none go to it.
  await until(() => processes().every((process) => process.pid !== child!.pid), bridge.bridge.onPublicProcessesChange, 'the killed process noticed');
  const auth = { api_key: await bridge.key() };
  assert.deepEqual(await statuses(4, '/auth', { auth }), [200, 200, 200, 200]);
  const replacement = () => processes().find((process) => process.pid !== child!.pid && process.pid !== globalThis.process.pid && process.serving);
  await until(() => replacement() !== undefined, bridge.bridge.onPublicProcessesChange, 'a new public process serving');
  assert.deepEqual(await statuses(4, '/auth', { auth }), [200, 200, 200, 200]);
  assert.ok(bridge.bridge.publicProcesses()[1]!.connections >= 2, 'the new process takes its share');
});
