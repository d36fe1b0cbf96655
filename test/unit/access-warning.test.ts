import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessWarning } from '../../bridge/http/admin/access-warning.js';

test('a user who may only read, and insert where actions write, gets no warning', () => {
  const connection = { dialect: 'mssql' as const, database: 'crm' };
  assert.equal(accessWarning({ user: 'reader', writableTables: [] }, connection, []), undefined);
  assert.equal(accessWarning({ user: 'reader', writableTables: ['dbo.notes'] }, connection, ['notes']), undefined);
});

test('SQL Server: sysadmin and extra writable tables are named, with the SQL for a reading user', () => {
  const warning = accessWarning({ user: 'sa', administrator: 'a member of sysadmin', writableTables: ['notes', 'customers'] }, { dialect: 'mssql', database: 'crm]x' }, ['notes']);
  assert.equal(warning?.message, 'The database user "sa" is a member of sysadmin and can change the table "customers", which this integration does not write to.');
  assert.match(warning?.advice ?? '', /only needs to read, and insert into the table "notes"/);
  assert.equal(warning?.sql, [
    "CREATE LOGIN deskbridge_reader WITH PASSWORD = 'Choose-a-strong-password-1';",
    'USE [crm]]x];',
    'CREATE USER deskbridge_reader FOR LOGIN deskbridge_reader;',
    'ALTER ROLE db_datareader ADD MEMBER deskbridge_reader;',
    'GRANT INSERT ON [notes] TO deskbridge_reader;',
  ].join('\n'));
});

test('PostgreSQL: the advice grants reading in the connection\'s schema, and a long list of tables is shortened', () => {
  const tables = Array.from({ length: 12 }, (_, index) => `t${index}`);
  const warning = accessWarning({ user: 'app', writableTables: tables }, { dialect: 'postgres', database: 'crm', options: { schema: 'sales' } }, []);
  assert.match(warning?.message ?? '', /can change 12 tables \("t0", .*"t7", …\)/);
  assert.match(warning?.sql ?? '', /^GRANT SELECT ON ALL TABLES IN SCHEMA "sales" TO deskbridge_reader;$/m);
  assert.doesNotMatch(warning?.sql ?? '', /INSERT|SEQUENCES/);
});
