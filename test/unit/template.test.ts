import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, renderTemplate } from '../../bridge/mapping/template.js';

const render = (source: string, row: Record<string, string | number>) => renderTemplate(parseTemplate(source), row);

test('a bare column passes its value through, trimmed, and drops empty values', () => {
  assert.equal(render('company', { company: '  Acme ' }), 'Acme');
  assert.equal(render('age', { age: 42 }), 42);
  assert.equal(render('company', { company: '   ' }), undefined);
  assert.equal(render('company', {}), undefined);
});

test('templates drop missing parts together with their separator', () => {
  assert.equal(render('{first_name} {last_name}', { first_name: 'Jane', last_name: 'Doe' }), 'Jane Doe');
  assert.equal(render('{first_name} {last_name}', { first_name: 'Jane' }), 'Jane');
  assert.equal(render('{first_name} {last_name}', { last_name: 'Doe' }), 'Doe');
  assert.equal(render('{street}, {city}', { city: 'Lisbon' }), 'Lisbon');
  assert.equal(render('{street}, {city}', { street: 'Rua Augusta 1' }), 'Rua Augusta 1');
  assert.equal(render('{a}, {b}, {c}', { a: 'x', c: 'z' }), 'x, z');
  assert.equal(render('Dr. {last}', { last: 'Who' }), 'Dr. Who');
  assert.equal(render('{first_name} {last_name}', {}), undefined);
});

test('URL templates encode values, and a missing value leaves no half URL', () => {
  assert.equal(render('https://crm.example.com/customers/{id}', { id: 'a b/c' }), 'https://crm.example.com/customers/a%20b%2Fc');
  assert.equal(render('https://crm.example.com/customers/{id}', {}), undefined);
});

test('values are inserted once and never expanded again', () => {
  assert.equal(render('{a} {b}', { a: '{b}', b: 'x' }), '{b} x');
});

test('malformed templates are refused with the reason', () => {
  assert.throws(() => parseTemplate('{first'), /unbalanced/);
  assert.throws(() => parseTemplate('{} x'), /empty/);
});
