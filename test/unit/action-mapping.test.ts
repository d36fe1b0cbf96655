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

test('{now} inside a longer text is written as local time in the connection\'s zone, as a zone-less column holds it', () => {
  const stamped = actionSchema.parse({ ...action, insert: { table: 'notes', values: { subject: 'Called at {now}', created_at: '{now}' } } });
  const summer = new Date('2024-07-01T14:00:00.000Z');
  const row = compileAction(stamped, 'US', 'actions[0]', 'America/New_York').buildRow({ meta: {}, data: { subject: 'a' } }, summer);
  assert.equal(row.subject, 'Called at 2024-07-01 10:00:00.000');
  // Alone in its value, {now} stays an instant: the connector binds it by the column's type.
  assert.equal(row.created_at, summer);
  const winter = compileAction(stamped, 'US', 'actions[0]', 'America/New_York').buildRow({ meta: {}, data: { subject: 'a' } }, new Date('2024-12-01T14:00:00.000Z'));
  assert.equal(winter.subject, 'Called at 2024-12-01 09:00:00.000');
  assert.equal(compileAction(stamped, 'US', 'actions[0]').buildRow({ meta: {}, data: { subject: 'a' } }, summer).subject, 'Called at 2024-07-01 14:00:00.000');
});

test('a datetime input without a zone is local time in the connection\'s zone; one with a zone keeps it', () => {
  const dated = actionSchema.parse({
    ...action, inputs: [...action.inputs, { key: 'callback', name: 'Call back at', type: 'datetime' }],
    insert: { table: 'notes', values: { subject: '{data.subject}', callback_at: '{data.callback}' } },
  });
  const compiled = compileAction(dated, 'US', 'actions[0]', 'America/New_York');
  const build = (callback: string) => compiled.buildRow({ meta: {}, data: { subject: 'a', callback } }, now).callback_at;
  assert.deepEqual(build('2024-07-01 10:00'), new Date('2024-07-01T14:00:00.000Z'));
  assert.deepEqual(build('2024-01-15T10:00:00'), new Date('2024-01-15T15:00:00.000Z'));
  assert.deepEqual(build('2024-07-01T10:00:00Z'), new Date('2024-07-01T10:00:00.000Z'));
  assert.deepEqual(build('2024-07-01T10:00:00+01:00'), new Date('2024-07-01T09:00:00.000Z'));
});
