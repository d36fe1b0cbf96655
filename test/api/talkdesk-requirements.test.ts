// What Talkdesk's documentation requires: images in the configuration, agents' e-mails, tolerant inputs, scoping, Connections.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { parseProfile } from '../../bridge/profile/store.js';
import { talkdeskConfiguration } from '../../bridge/talkdesk-config.js';
import type { Integration } from '../../bridge/profile/schema.js';
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';
import { runCli } from '../support/cli.js';

let bridge: TestBridge;
let demo: Database.Database;

before(async () => {
  bridge = await startTestBridge();
  demo = new Database(bridge.bridge.context.profile().integrations[0]!.connection.filename!);
});
after(async () => {
  demo.close();
  await bridge.close();
});

const integration = (): Integration => bridge.bridge.context.profile().integrations[0]!;
const auth = async () => ({ api_key: await bridge.key() });

async function admin(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${new URL(bridge.bridge.adminUrl).origin}/api${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${bridge.bridge.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the configuration always has logo_url and icon_url: Deskbridge images served by the bridge, or the profile\'s', async () => {
  const config = talkdeskConfiguration(integration(), 'https://bridge.example.com/').integration;
  assert.equal(config.logo_url, 'https://bridge.example.com/assets/deskbridge-logo.png');
  assert.equal(config.icon_url, 'https://bridge.example.com/assets/deskbridge-icon.png');
  const own = talkdeskConfiguration({ ...integration(), logoUrl: 'https://crm.example.com/logo.png', iconUrl: 'https://crm.example.com/icon.png' }, 'https://b.example.com').integration;
  assert.equal(own.logo_url, 'https://crm.example.com/logo.png');
  assert.equal(own.icon_url, 'https://crm.example.com/icon.png');
  // The public app serves them without credentials, at Talkdesk's sizes (logo at most 192×96, icon 96×96).
  for (const [path, size] of [['/assets/deskbridge-logo.png', [192, 96]], ['/assets/deskbridge-icon.png', [96, 96]]] as const) {
    const response = await fetch(`${bridge.bridge.bridgeUrl}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(Buffer.from(await response.arrayBuffer())), size);
  }
  const svg = await fetch(`${bridge.bridge.bridgeUrl}/assets/deskbridge-icon.svg`);
  assert.match(svg.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  assert.match(await svg.text(), /^<svg /);
});

test('agents without an e-mail are left out of the agent sync and counted in the preview', async () => {
  const before = await bridge.post('/agents', { auth: await auth(), meta: {} });
  demo.prepare("insert into agents (name, email) values ('No Mail', null), ('Blank Mail', '  ')").run();
  const response = await bridge.post('/agents', { auth: await auth(), meta: {} });
  assert.equal(response.status, 200);
  assert.equal(response.body.agents.length, before.body.agents.length);
  assert.ok(response.body.agents.every((agent: { email?: string }) => typeof agent.email === 'string' && agent.email.includes('@')));
  const preview = await admin('/preview/agents', { connection: integration().connection, agents: integration().agents });
  assert.equal(preview.status, 200);
  assert.equal(preview.body.leftOut, 2);
  assert.equal(preview.body.agents.length, before.body.agents.length);
  assert.match(preview.body.warnings[0], /^2 of these \d+ agents have no e-mail/);
});

test('an agent mapping without an e-mail column is refused at load, saying why', () => {
  const profile = { version: 1, integrations: [{ ...integration(), agents: { source: { table: 'agents' }, fields: { id: 'id', name: 'name' } } }] };
  assert.throws(() => parseProfile(profile), /integrations\[0\]\.agents\.fields\.email: required: Talkdesk matches agents by their e-mail/);
});

test('an action scoped to anything but automation, contact or a declared interaction type is refused at load', () => {
  const withScoping = (scoping: string[]) => ({ version: 1, integrations: [{ ...integration(), actions: [{ ...integration().actions[0]!, scoping }] }] });
  assert.doesNotThrow(() => parseProfile(withScoping(['automation', 'contact', 'ticket', 'note'])));
  assert.throws(() => parseProfile(withScoping(['contact', 'call'])), /integrations\[0\]\.actions\[0\]\.scoping\[1\]: "call" is not "automation", "contact" or one of this integration's interaction types \(ticket, note\)/);
});

test('inputs an action does not declare are ignored and listed in the request log; a missing mandatory one stays a 400', async () => {
  // Undeclared values of any shape: a Talkdesk Connections body may well carry objects and lists.
  const data = { subject: 'Renamed input', note_text: 'x', priority: 'high', caller: { name: 'Ana', tags: ['vip'] }, history: [1, { at: null }] };
  const response = await bridge.post('/actions/log_call', { auth: await auth(), meta: { contact_external_id: '42' }, data });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  assert.equal((demo.prepare('select subject from notes where id = ?').get(Number(response.body.external_id)) as { subject: string }).subject, 'Renamed input');
  const [entry] = await bridge.bridge.context.requestLog.list({ endpoint: 'actions', limit: 1 });
  assert.deepEqual((entry?.body as { ignoredInputs?: string[] }).ignoredInputs, ['note_text', 'priority', 'caller', 'history']);
  const nested = await bridge.post('/actions/log_call', { auth: await auth(), meta: { contact_external_id: '42' }, data: { subject: { text: 'a declared input' } } });
  assert.equal(nested.status, 400);
  assert.equal(nested.body.error.code, 'invalid_input');
  const missing = await bridge.post('/actions/log_call', { auth: await auth(), meta: { contact_external_id: '42' }, data: { note_text: 'x' } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, 'missing_inputs');
});

test('an action called the Talkdesk Connections way (inputs at the top of the body, the contact id an input, X-API-Key) works', async () => {
  const profile = bridge.bridge.context.profile();
  const connections = {
    name: 'log_call_connections', display: 'log a call', scoping: ['automation'],
    inputs: [
      { key: 'contact_id', name: 'Contact id', type: 'text' as const, mandatory: true },
      { key: 'subject', name: 'Subject', type: 'text' as const, mandatory: true },
      { key: 'minutes', name: 'Minutes', type: 'number' as const, mandatory: false },
    ],
    insert: { table: 'notes', values: { customer_id: '{data.contact_id}', subject: '{data.subject}', created_at: '{now}' }, returning: 'id' },
  };
  await bridge.bridge.context.replaceProfile({ ...profile, integrations: [{ ...integration(), actions: [...integration().actions, connections] }] });
  const key = await bridge.key();
  const response = await bridge.post('/actions/log_call_connections', { contact_id: '77', subject: 'From Connections' }, { headers: { 'x-api-key': key } });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const note = demo.prepare('select customer_id, subject from notes where id = ?').get(Number(response.body.external_id)) as { customer_id: number; subject: string };
  assert.deepEqual({ ...note }, { customer_id: 77, subject: 'From Connections' });
  const basic = await bridge.post('/actions/log_call_connections', { contact_id: '78' }, { headers: { authorization: `Basic ${Buffer.from(`talkdesk:${key}`).toString('base64')}` } });
  assert.equal(basic.status, 400);
  assert.deepEqual(basic.body.error.missing, ['subject']);
});

test('talkdesk-config --connections prints the base path, each action\'s path, schemas, auth type and timeout', async () => {
  const result = await runCli(['talkdesk-config', '--data-dir', bridge.dataDir, '--base-url', 'https://bridge.example.com', '--connections']);
  assert.equal(result.code, 0, result.stderr);
  const { connections } = result.lines[0];
  assert.equal(connections.base_path, 'https://bridge.example.com/integrations/demo/actions');
  assert.equal(connections.authentication.type, 'api_key');
  assert.equal(connections.authentication.header, 'X-API-Key');
  assert.equal(connections.timeout_seconds, 10);
  const action = connections.actions.find((candidate: { name: string }) => candidate.name === 'log_call_connections');
  assert.equal(action.relative_path, '/log_call_connections');
  assert.equal(action.method, 'POST');
  assert.deepEqual(action.input_schema.required, ['contact_id', 'subject']);
  assert.equal(action.input_schema.properties.minutes.type, 'number');
  assert.equal(action.output_schema.properties.external_id.type, 'string');
});
