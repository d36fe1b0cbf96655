import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BridgeError } from '../../bridge/errors.js';
import { parseProfile } from '../../bridge/profile/store.js';
import { startTestBridge, syncRun, type TestBridge } from '../support/bridge-harness.js';

const HOSTILE = ['{id}', '{meta.x}{now}', 'Robert"); DROP TABLE people;--', "x' OR '1'='1", 'a\r\nSet-Cookie: stolen=1', '</script><script>alert(1)</script>', '../../etc/passwd', '\u0000nul', '😀 Zoë'];

let bridge: TestBridge;
let file: string;
before(async () => {
  bridge = await startTestBridge({
    profile: (fixtureDir) => {
      file = path.join(fixtureDir, 'people.sqlite');
      const db = new Database(file);
      db.exec('create table people (id integer primary key, name text, phone text, note text, updated_at text)');
      const insert = db.prepare("insert into people (id, name, phone, note, updated_at) values (?, ?, '+12125550100', ?, '2024-01-01 00:00:00')");
      HOSTILE.forEach((value, index) => insert.run(index + 1, value, value));
      db.close();
      return {
        version: 1,
        integrations: [
          {
            id: 'people', displayName: 'People', connection: { dialect: 'sqlite', filename: file },
            contacts: { source: { table: 'people' }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name', title: 'Note: {note}', url: 'https://crm.example.com/p/{note}' } },
          },
          {
            id: 'evil-columns', displayName: 'Evil', connection: { dialect: 'sqlite', filename: file },
            contacts: { source: { table: 'people; drop table people' }, key: 'id"; drop table people; --', checkpoint: 'updated_at', fields: { name: 'name' } },
          },
        ],
      };
    },
  });
});
after(async () => bridge.close());

test('values from the database are data: templates are not re-expanded, control characters and markup stay inside JSON strings', async () => {
  const { contacts } = await syncRun(bridge);
  assert.equal(contacts.length, HOSTILE.length);
  HOSTILE.forEach((value, index) => {
    const contact = contacts.find((item: { id: string }) => item.id === String(index + 1));
    assert.equal(contact.name, value.trim());
    assert.equal(contact.title, `Note: ${value.trim()}`);
    assert.equal(contact.url, `https://crm.example.com/p/${encodeURIComponent(value.trim())}`);
  });
  const raw = await fetch(`${bridge.url()}/contacts`, { method: 'POST', body: JSON.stringify({ auth: { api_key: await bridge.key() } }) });
  assert.equal(raw.headers.get('set-cookie'), null);
  assert.match(raw.headers.get('content-type') ?? '', /^application\/json/);
});

test('hostile table and column names in a profile are quoted identifiers: the query fails cleanly and nothing is dropped', async () => {
  const response = await bridge.post('/contacts', { auth: { api_key: await bridge.key('evil-columns') } }, { integration: 'evil-columns' });
  assert.equal(response.status, 502);
  assert.equal(response.body.error.code, 'db_query_failed');
  const db = new Database(file, { readonly: true });
  assert.equal((db.prepare('select count(*) as n from people').get() as { n: number }).n, HOSTILE.length);
  db.close();
});

test('a relative or NUL-carrying SQLite path is refused at load, naming the path', () => {
  for (const filename of ['../../etc/passwd', 'crm.sqlite', '/data/crm\u0000.sqlite']) {
    assert.throws(() => parseProfile({
      version: 1,
      integrations: [{ id: 'x', displayName: 'X', connection: { dialect: 'sqlite', filename }, contacts: { source: { table: 't' }, key: 'id', checkpoint: 'u', fields: { name: 'n' } } }],
    }), (error: unknown) => error instanceof BridgeError && /integrations\[0\]\.connection\.filename: expected an absolute file path/.test(String(error.details?.problems)));
  }
});
