import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAction } from '../../bridge/mapping/action.js';
import { actionSchema } from '../../bridge/profile/schema.js';

const action = actionSchema.parse({
  name: 'log_call', display: 'log a call',
  inputs: [
    { key: 'subject', name: 'Subject', mandatory: true },
    { key: 'minutes', name: 'Minutes', type: 'number' },
    { key: 'email', name: 'E-mail', type: 'email' },
    { key: 'outcome', name: 'Outcome', type: 'select', format: 'won, lost' },
  ],
  insert: { table: 'notes', values: { customer_id: '{meta.contact_external_id}', subject: 'Call: {data.subject}', minutes: '{data.minutes}', created_at: '{now}', source: 'talkdesk' } },
});
const now = new Date(Date.UTC(2024, 0, 1));

test('the row is built from data, meta, now and constants, keeping types', () => {
  const row = compileAction(action, 'US', 'actions[0]').buildRow({ meta: { contact_external_id: '5' }, data: { subject: 'Hi {meta.x}', minutes: '12' } }, now);
  assert.deepEqual(row, { customer_id: '5', subject: 'Call: Hi {meta.x}', minutes: 12, created_at: now, source: 'talkdesk' });
});

test('missing and mistyped inputs are 400s that name them', () => {
  const compiled = compileAction(action, 'US', 'actions[0]');
  assert.throws(() => compiled.buildRow({ meta: {}, data: { subject: '  ' } }, now), (error: any) => error.code === 'missing_inputs' && error.details.missing[0] === 'subject');
  assert.throws(() => compiled.buildRow({ meta: {}, data: { subject: 'a', minutes: 'ten' } }, now), /must be a number/);
  assert.throws(() => compiled.buildRow({ meta: {}, data: { subject: 'a', email: 'nope' } }, now), /e-mail/);
  assert.throws(() => compiled.buildRow({ meta: {}, data: { subject: 'a', outcome: 'maybe' } }, now), /one of won, lost/);
  assert.throws(() => compiled.buildRow({ meta: {}, data: { subject: { nested: true } } as any }, now), /must be a string/);
});

test('inputs the action does not declare are ignored and named, not refused', () => {
  const compiled = compileAction(action, 'US', 'actions[0]');
  const request = { meta: {}, data: { subject: 'a', renamed_subject: 'b', drop: 'x' } };
  assert.equal(compiled.buildRow(request, now).subject, 'Call: a');
  assert.deepEqual(compiled.ignoredInputs(request.data), ['renamed_subject', 'drop']);
  assert.deepEqual(compiled.ignoredInputs({ subject: 'a' }), []);
});

test('a template naming an undeclared input is a profile error with its path', () => {
  const bad = actionSchema.parse({ ...action, insert: { table: 'notes', values: { x: '{data.nope}' } } });
  assert.throws(() => compileAction(bad, 'US', 'integrations[0].actions[0]'), /integrations\[0\]\.actions\[0\]\.insert\.values\.x/);
});
