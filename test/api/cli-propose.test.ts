// `deskbridge propose` as other programs run it: JSON lines, the last one the integration and its notes; bad input is a usage error.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import knexFactory from 'knex';
import { integrationSchema } from '../../bridge/profile/schema.js';
import { runCli } from '../support/cli.js';
import { SCHEMA_CASES, buildSchema } from '../support/propose-schemas.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir();
after(() => temp.remove());
const dataDir = path.join(temp.path, 'data');

test('propose prints a line per table read, then a valid integration with its notes', async () => {
  const schema = SCHEMA_CASES.find((item) => item.name.startsWith('Messy'))!;
  const filename = path.join(temp.path, 'crm.sqlite');
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  try { await buildSchema(knex, 'sqlite', schema.tables); } finally { await knex.destroy(); }
  // SQLite names no zone: the proposal takes this computer's, as the wizard does for a new integration.
  const result = await runCli(['propose', '--data-dir', dataDir, '--id', 'messy', '--connection', JSON.stringify({ dialect: 'sqlite', filename })], { env: { TZ: 'Europe/Lisbon' } });
  assert.equal(result.code, 0, result.stderr);
  const last = result.lines.at(-1);
  const tables = result.lines.filter((line) => line.event === 'table').map((line) => line.name).sort();
  assert.deepEqual(tables, schema.tables.map((table) => table.name).sort());
  const integration = integrationSchema.parse(last.integration);
  assert.equal(integration.id, 'messy');
  assert.equal((integration.contacts.source as { table: string }).table, 'clients');
  assert.ok(last.notes.some((note: { path: string; flag?: string }) => note.path === 'contacts.checkpoint' && note.flag === 'check'));
  assert.equal(integration.connection.timeZone, 'Europe/Lisbon');
  const zoneNote = last.notes.find((note: { path: string }) => note.path === 'connection.timeZone');
  assert.equal(zoneNote?.flag, 'check');
  assert.match(zoneNote?.reason ?? '', /^Europe\/Lisbon is this computer's zone \(the database server does not name one\): dates stored without a zone are read as local time there/);

  // A zone the connection names is kept, with nothing to say about it.
  const named = await runCli(['propose', '--data-dir', dataDir, '--connection', JSON.stringify({ dialect: 'sqlite', filename, timeZone: 'America/New_York' })], { env: { TZ: 'Europe/Lisbon' } });
  assert.equal(named.code, 0, named.stderr);
  assert.equal(named.lines.at(-1).integration.connection.timeZone, 'America/New_York');
  assert.ok(!named.lines.at(-1).notes.some((note: { path: string }) => note.path === 'connection.timeZone'));
});

test('propose without a connection, or with one that is not JSON or not valid, says what to write', async () => {
  const missing = await runCli(['propose', '--data-dir', dataDir]);
  assert.equal(missing.code, 2);
  assert.match(missing.lines[0].message, /--connection/);
  const notJson = await runCli(['propose', '--data-dir', dataDir, '--connection', '{dialect: sqlite}']);
  assert.equal(notJson.code, 2);
  assert.match(notJson.lines[0].message, /not valid JSON/);
  const invalid = await runCli(['propose', '--data-dir', dataDir, '--connection', '{"dialect":"sqlite"}']);
  assert.equal(invalid.code, 2);
  assert.match(JSON.stringify(invalid.lines[0]), /filename/);
});
