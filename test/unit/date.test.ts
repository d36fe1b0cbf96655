import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTalkdeskDate, parseInstant } from '../../bridge/mapping/date.js';

test('database dates become instants; values without a zone are UTC', () => {
  assert.equal(parseInstant('2024-03-01 17:53:51'), Date.UTC(2024, 2, 1, 17, 53, 51));
  assert.equal(parseInstant('2024-03-01T17:53:51.123Z'), Date.UTC(2024, 2, 1, 17, 53, 51, 123));
  assert.equal(parseInstant('2024-03-01 17:53:51.1234567'), Date.UTC(2024, 2, 1, 17, 53, 51, 123));
  assert.equal(parseInstant('2024-03-01 18:53:51+01:00'), Date.UTC(2024, 2, 1, 17, 53, 51));
  assert.equal(parseInstant('2024-03-01'), Date.UTC(2024, 2, 1));
  assert.equal(parseInstant(1709315631), Date.UTC(2024, 2, 1, 17, 53, 51));
  assert.equal(parseInstant(1709315631000), Date.UTC(2024, 2, 1, 17, 53, 51));
  assert.equal(parseInstant('not a date'), undefined);
});

test('Talkdesk dates use the documented format', () => {
  assert.equal(formatTalkdeskDate(Date.UTC(2024, 2, 1, 17, 53, 51, 900)), '2024-03-01 17:53:51 UTC');
});
