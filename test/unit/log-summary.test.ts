// What the request log keeps of a body: bounded in depth, keys, items, string length and size, credentials removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeBody } from '../../bridge/state/log-summary.js';

const size = (value: unknown) => JSON.stringify(value).length;

test('a Talkdesk body is kept as it came, credentials removed at any depth', () => {
  const body = { meta: { interaction_types: ['ticket'], context: null }, data: { contact_phones: ['+14155550123'], nested: { token: 't', ok: 1 } } };
  assert.deepEqual(summarizeBody({ auth: { api_key: 'dbk_x' }, ...body }), { auth: '[redacted]', ...body, data: { ...body.data, nested: { token: '[redacted]', ok: 1 } } });
});

test('deep, wide and long values are cut to a summary of bounded size', () => {
  let deep: unknown = 'end';
  for (let level = 0; level < 100_000; level += 1) deep = [deep];
  const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`key${index}`, index]));
  const long = 'y'.repeat(1_000_000);
  const summary = summarizeBody({ meta: { deep }, data: { wide, list: new Array(100_000).fill(long), [long]: long } }) as any;
  assert.equal(summary.meta.deep[0][0][0][0], '[array of 1 items]');
  assert.equal(Object.keys(summary.data.wide).length, 51);
  assert.match(summary.data.wide['[more]'], /^\d+ more keys$/);
  assert.ok(size(summary) < 6000, `${size(summary)} characters`);
  for (const text of [summary.data.list?.[0], ...Object.keys(summary.data)]) assert.ok(String(text).length < 600);
});

test('a "__proto__" key is kept as data, not as a prototype', () => {
  const summary = summarizeBody(JSON.parse('{"data": {"__proto__": {"polluted": true}}}')) as any;
  assert.equal(({} as any).polluted, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(summary.data), ['__proto__']);
});
