import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitCheckpoint } from '../../bridge/sync/lookback.js';

const CEILING = Date.parse('2026-05-01T12:00:00.250Z');

test('a checkpoint later than the ceiling is the ceiling, written the way the database writes the value', () => {
  const cases: Array<[string, string]> = [
    ['2026-05-01 12:03:00', '2026-05-01 12:00:00'],
    ['2026-05-01 12:03:00.5', '2026-05-01 12:00:00.2'],
    ['2026-05-01 12:03:00.123', '2026-05-01 12:00:00.250'],
    ['2026-05-01 12:03:00.123456+00', '2026-05-01 12:00:00.250000+00'],
    ['2026-05-01T12:03:00.1234567', '2026-05-01T12:00:00.2500000'],
    ['2026-05-01T12:03:00Z', '2026-05-01T12:00:00Z'],
  ];
  for (const [value, limited] of cases) assert.equal(limitCheckpoint(value, undefined, CEILING), limited, value);
});

test('a checkpoint at or before the ceiling, or without one, is kept as it is', () => {
  assert.equal(limitCheckpoint('2026-05-01 11:00:00', undefined, CEILING), '2026-05-01 11:00:00');
  assert.equal(limitCheckpoint('2026-05-01 13:00:00', undefined, undefined), '2026-05-01 13:00:00');
  assert.equal(limitCheckpoint(null, undefined, CEILING), null);
});

test('values that are not UTC date texts are kept: numbers, other text, other zones', () => {
  assert.equal(limitCheckpoint(99_999_999_999_999, undefined, CEILING), 99_999_999_999_999);
  assert.equal(limitCheckpoint('v-2030', undefined, CEILING), 'v-2030');
  assert.equal(limitCheckpoint('2030-01-01 00:00:00+02:00', undefined, CEILING), '2030-01-01 00:00:00+02:00');
  // A driver-typed value whose instant is neither its text in UTC nor in the connection's zone is left alone.
  const odd = { checkpoint: '2030-01-01 00:00:00', key: 1, at: '2029-12-31T20:00:00.000Z' };
  assert.equal(limitCheckpoint(odd.checkpoint, odd, CEILING, 'Europe/Paris'), '2030-01-01 00:00:00');
});

test('a zone-less checkpoint in local time is limited to the ceiling written as local time', () => {
  // Paris is UTC+2 in May: the ceiling 12:00:00.250 UTC is 14:00:00.250 there.
  const typed = { checkpoint: '2026-05-01 14:03:00.000', key: 1, at: '2026-05-01T12:03:00.000Z' };
  assert.equal(limitCheckpoint(typed.checkpoint, typed, CEILING, 'Europe/Paris'), '2026-05-01 14:00:00.250');
  assert.equal(limitCheckpoint('2026-05-01 14:03:00', undefined, CEILING, 'Europe/Paris'), '2026-05-01 14:00:00');
  // A column typed with a zone comes as UTC text whatever the connection's zone.
  const zoned = { checkpoint: '2026-05-01 12:03:00.000000+00', key: 1, at: '2026-05-01T12:03:00.000Z' };
  assert.equal(limitCheckpoint(zoned.checkpoint, zoned, CEILING, 'Europe/Paris'), '2026-05-01 12:00:00.250000+00');
});
