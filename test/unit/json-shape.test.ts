// The nesting and width of JSON text, read before parsing: brackets and commas in strings and escaped quotes do not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPastLimits } from '../../bridge/http/json-shape.js';

const past = (text: string, maxDepth: number, maxMembers = 1000) => jsonPastLimits(Buffer.from(text, 'utf8'), { maxDepth, maxMembers });
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}[1]${'}'.repeat(levels - 1)}`;
const list = (items: number) => `[${new Array(items).fill(1).join(',')}]`;

test('objects and arrays count as levels; at the limit the text passes, one more does not', () => {
  assert.equal(past(nested(32), 32), undefined);
  assert.equal(past(nested(33), 32), 'too_deep');
  assert.equal(past('[[[]],[[]]]', 3), undefined);
  assert.equal(past('[[[[]]]]', 3), 'too_deep');
  assert.equal(past('', 1), undefined);
});

test('members count per object or array; at the limit the text passes, one more does not', () => {
  assert.equal(past(`{"a": ${list(1000)}, "b": ${list(1000)}}`, 32), undefined);
  assert.equal(past(`{"a": ${list(1001)}}`, 32), 'too_wide');
  assert.equal(past(`[${new Array(1001).fill('[1]').join(',')}]`, 32), 'too_wide');
  assert.equal(past(JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, index) => [`k${index}`, index]))), 32), 'too_wide');
});

test('brackets and commas inside strings do not count, escaped quotes do not end a string', () => {
  assert.equal(past(JSON.stringify({ a: '[[[[{{{{', b: '\\"[[[[', c: 'é[[[[✓', d: '\\\\', e: ','.repeat(5000) }), 1, 10), undefined);
  assert.equal(past('{"a": "\\\\"} [[', 1), 'too_deep', 'an escaped backslash ends before the quote');
  assert.equal(past('{"a": "\\"[[[[', 1), undefined, 'an unterminated string hides the rest');
});
