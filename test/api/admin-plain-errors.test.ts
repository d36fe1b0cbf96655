// The admin API's error answers speak in words an office IT admin acts on: no schema paths, no "expected string".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoConnection, startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

/** "integrations[0].contacts.key", "contacts.key:", "expected string": what a schema says, not a person. */
const SCHEMA_TALK = /\w\[\d+\]|\b[a-z]\w*(\.[a-z]\w*)+:|\b(integrations|connection|contacts|interactions|actions|agents|fields|source|insert)\.\w|\bexpected (string|number|boolean|object|array)\b|\(root\)/;

/** Every text of an answer a person may read: all strings except the `path` lists that place problems. */
function readableTexts(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return [value];
  if (key === 'path' || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, item]) => readableTexts(item, Array.isArray(value) ? key : name));
}

function brokenProfiles(profile: any): Array<[string, unknown]> {
  const cases: Array<[string, (copy: any) => void]> = [
    ['no key column', (copy) => { delete copy.integrations[0].contacts.key; }],
    ['a number as key', (copy) => { copy.integrations[0].contacts.key = 42; }],
    ['an unknown setting', (copy) => { copy.integrations[0].colour = 'blue'; }],
    ['a bad id', (copy) => { copy.integrations[0].id = 'Bad Id'; }],
    ['an empty table', (copy) => { copy.integrations[0].contacts.source = { table: '' }; }],
    ['a relative file', (copy) => { copy.integrations[0].connection.filename = 'crm.sqlite'; }],
    ['an interaction without subject', (copy) => { delete copy.integrations[0].interactions[0].fields.subject; }],
    ['an action without columns', (copy) => { copy.integrations[0].actions[0].insert.values = {}; }],
    ['a bad allow-list', (copy) => { copy.integrations[0].allowIps = ['not an address']; }],
    ['an action value naming no input', (copy) => { copy.integrations[0].actions[0].insert.values = { subject: '{data.nope}' }; }],
    ['a broken name template', (copy) => { copy.integrations[0].contacts.fields.name = '{first_name'; }],
    ['a wrong region', (copy) => { copy.integrations[0].contacts.phoneRegion = 'usa'; }],
  ];
  return cases.map(([name, breakIt]) => { const copy = structuredClone(profile); breakIt(copy); return [name, copy]; });
}

test('no error answer of the admin API shows a schema path or a type name, and each problem is placed on its field', async () => {
  const profile = (await bridge.admin('GET', '/profile')).body;
  assert.ok(profile.integrations[0].interactions.length > 0 && profile.integrations[0].actions.length > 0, 'the demo has an interaction type and an action');
  const connection = demoConnection(bridge);
  const calls: Array<[string, string, string, unknown]> = [
    ...brokenProfiles(profile).map(([name, body]): [string, string, string, unknown] => [name, 'PUT', '/profile', body]),
    ...brokenProfiles(profile).map(([name, body]): [string, string, string, unknown] => [`${name} (validate)`, 'POST', '/profile/validate', body]),
    ['incomplete contacts preview', 'POST', '/preview/contacts', { connection, contacts: { source: { table: 'customers' }, fields: {} } }],
    ['incomplete interaction preview', 'POST', '/preview/interactions', { connection, interaction: { type: 'Ticket!', source: { table: '' } }, contactKey: '' }],
    ['incomplete dry run', 'POST', '/preview/action', { connection, action: { name: 'x', insert: { table: '' } }, request: {} }],
    ['an unknown database type', 'POST', '/introspect/columns', { connection: { dialect: 'oracle' }, source: { table: 'x' } }],
    ['a connection test without host', 'POST', '/connection/test', { integration: 'office', connection: { dialect: 'mysql' } }],
    ['a bad log query', 'GET', '/requests?limit=abc', undefined],
  ];
  for (const [name, method, path, body] of calls) {
    const answer = await bridge.admin(method, path, body);
    const error = answer.body.error ?? answer.body;
    assert.ok(answer.status === 400 || answer.body.ok === false, `${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    for (const text of readableTexts(answer.body)) assert.doesNotMatch(text, SCHEMA_TALK, `${name}: ${JSON.stringify(answer.body)}`);
    assert.ok(Array.isArray(error.fields) && error.fields.length > 0, `${name}: ${JSON.stringify(answer.body)}`);
    for (const field of error.fields) assert.ok(Array.isArray(field.path) && /^[A-Z"]/.test(field.message), `${name}: ${JSON.stringify(field)}`);
  }
});
