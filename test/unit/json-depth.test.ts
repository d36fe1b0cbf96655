// The nesting of JSON text, read before parsing: brackets in strings and escaped quotes do not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from '../../bridge/http/json-depth.js';

const deeper = (text: string, limit: number) => nestsDeeperThan(Buffer.from(text, 'utf8'), limit);
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}[1]${'}'.repeat(levels - 1)}`;

test('objects and arrays count as levels; at the limit the text passes, one more does not', () => {
  assert.equal(deeper(nested(32), 32), false);
  assert.equal(deeper(nested(33), 32), true);
  assert.equal(deeper('[[[]],[[]]]', 3), false);
  assert.equal(deeper('[[[[]]]]', 3), true);
  assert.equal(deeper('', 1), false);
});

test('brackets inside strings do not count, escaped quotes do not end a string', () => {
  assert.equal(deeper(JSON.stringify({ a: '[[[[{{{{', b: '\\"[[[[', c: 'é[[[[✓', d: '\\\\' }), 1), false);
  assert.equal(deeper('{"a": "\\\\"} [[', 1), true, 'an escaped backslash ends before the quote');
  assert.equal(deeper('{"a": "\\"[[[[', 1), false, 'an unterminated string hides the rest');
});
