import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileContactMapping } from '../../bridge/mapping/contact.js';
import { contactsSchema } from '../../bridge/profile/schema.js';
import type { Row } from '../../connectors/index.js';

const mapping = contactsSchema.parse({
  source: { table: 'customers' }, key: 'id', checkpoint: 'updated_at', phoneRegion: 'US',
  fields: {
    name: '{first_name} {last_name}', company: 'company', emails: ['email', 'email2'], phones: ['phone', 'mobile'],
    address: '{street}, {city}', url: 'https://crm.example.com/customers/{id}',
  },
});

test('a row becomes a Talkdesk contact with merged, normalized phones and e-mails and no empty fields', () => {
  const mapper = compileContactMapping(mapping);
  const { contact, problems } = mapper.map({
    id: 7, first_name: 'Jane', last_name: 'Doe', company: 'Acme', email: 'Jane@Example.com', email2: 'jane@example.com',
    phone: '(212) 555-0123', mobile: '+1 212 555 0123', city: 'Boston', updated_at: '2024-01-01 00:00:00',
  });
  assert.deepEqual(contact, {
    id: '7', name: 'Jane Doe', company: 'Acme', emails: ['Jane@Example.com'], phones: ['+12125550123'],
    address: 'Boston', url: 'https://crm.example.com/customers/7',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(mapper.phoneColumns, ['phone', 'mobile']);
  assert.ok(mapper.columns.includes('updated_at') && mapper.columns.includes('street'));
});

test('problems are reported and a missing name falls back to what identifies the contact', () => {
  const { contact, problems } = compileContactMapping(mapping).map({ id: 8, phone: 'n/a', email: 'x@y.org' });
  assert.equal(contact.name, 'x@y.org');
  assert.equal(contact.phones, undefined);
  assert.equal(problems.length, 2);
  assert.match(problems.join('\n'), /phone "n\/a" is not a valid number/);
  assert.match(problems.join('\n'), /name is empty/);
});

test('a malformed template names its profile path', () => {
  const bad = contactsSchema.parse({ ...mapping, fields: { ...mapping.fields, address: '{street, {city}' } });
  assert.throws(() => compileContactMapping(bad, 'integrations[0].contacts'), /integrations\[0\]\.contacts\.fields\.address/);
});

test('a sync page\'s array rows, in any column order, map exactly as named rows do', () => {
  const mapper = compileContactMapping(mapping);
  const rows: Row[] = [
    { id: 7, first_name: 'Jane', last_name: 'Doe', company: 'Acme', email: 'Jane@Example.com', email2: 'jane@example.com',
      phone: '(212) 555-0123', mobile: '+1 212 555 0123', street: ' ', city: 'Boston', updated_at: '2024-01-01 00:00:00' },
    { id: '9007199254740993', last_name: 'Ng', phone: '212.555.0199; 212 555 0100', email: 'a@b.co, not-an-address', updated_at: 'x' },
    { id: 8, phone: 'n/a', email: 'x@y.org', updated_at: 'x' },
  ];
  const columns = [...mapper.columns].reverse();
  const pageContact = mapper.pageContact(columns);
  for (const row of rows) {
    const values = columns.map((column) => row[column]);
    assert.deepEqual(pageContact(values), mapper.map(row).contact);
  }
  assert.throws(() => mapper.pageContact(['id']), /"updated_at"|"first_name"/);
});
