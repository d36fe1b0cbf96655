import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantOfWallClock, isTimeZone, localTextOf, utcIsoOfLocalText, zoneOffset } from '../../connectors/time-zone.js';

const at = (iso: string) => Date.parse(iso);

test('a zone-less time is read as local time in the zone, summer and winter', () => {
  assert.equal(utcIsoOfLocalText('2024-07-01 10:00:00', 'America/New_York'), '2024-07-01T14:00:00.000Z');
  assert.equal(utcIsoOfLocalText('2024-01-15 10:00:00.1234567', 'America/New_York'), '2024-01-15T15:00:00.1234567Z');
  assert.equal(utcIsoOfLocalText('2024-07-01 10:00:00', 'Europe/Lisbon'), '2024-07-01T09:00:00.000Z');
  assert.equal(utcIsoOfLocalText('2024-07-01', 'Asia/Kolkata'), '2024-06-30T18:30:00.000Z');
  assert.equal(utcIsoOfLocalText('2024-07-01 10:00:00', 'UTC'), '2024-07-01T10:00:00.000Z');
  assert.equal(utcIsoOfLocalText('not a date', 'UTC'), undefined);
});

test('a time in a spring-forward gap lands as far past the gap as it was into it', () => {
  // New York, 10 March 2024: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
  assert.equal(utcIsoOfLocalText('2024-03-10 02:30:00', 'America/New_York'), '2024-03-10T07:30:00.000Z');
  assert.equal(localTextOf(at('2024-03-10T07:30:00Z'), 'America/New_York'), '2024-03-10 03:30:00.000');
  // Lisbon, 31 March 2024: 01:00 WET jumps to 02:00 WEST.
  assert.equal(utcIsoOfLocalText('2024-03-31 01:15:00', 'Europe/Lisbon'), '2024-03-31T01:15:00.000Z');
  // A whole-day gap: Samoa skipped 30 December 2011 (from UTC-10 to UTC+14); read with the offset before it.
  assert.equal(utcIsoOfLocalText('2011-12-30 12:00:00', 'Pacific/Apia'), '2011-12-30T22:00:00.000Z');
});

test('a time in a fall-back overlap is the earlier of its two instants', () => {
  // New York, 3 November 2024: 01:00-02:00 happens twice, first in EDT (-4), then in EST (-5).
  assert.equal(utcIsoOfLocalText('2024-11-03 01:30:00', 'America/New_York'), '2024-11-03T05:30:00.000Z');
  assert.equal(localTextOf(at('2024-11-03T05:30:00Z'), 'America/New_York'), '2024-11-03 01:30:00.000');
  assert.equal(localTextOf(at('2024-11-03T06:30:00Z'), 'America/New_York'), '2024-11-03 01:30:00.000');
  // Just after the overlap, one instant again.
  assert.equal(utcIsoOfLocalText('2024-11-03 02:00:00', 'America/New_York'), '2024-11-03T07:00:00.000Z');
});

test('offsets and names come from the tz database', () => {
  // Lord Howe Island moves by half an hour: +10:30 in winter, +11 in summer.
  assert.equal(zoneOffset(at('2024-07-01T00:00:00Z'), 'Australia/Lord_Howe'), 10.5 * 3600_000);
  assert.equal(zoneOffset(at('2024-01-01T00:00:00Z'), 'Australia/Lord_Howe'), 11 * 3600_000);
  assert.equal(zoneOffset(at('2024-06-01T00:00:00Z'), 'Australia/Lord_Howe'), 10.5 * 3600_000);
  assert.equal(instantOfWallClock(Date.UTC(2024, 6, 1, 12), 'UTC'), Date.UTC(2024, 6, 1, 12));
  assert.ok(isTimeZone('Europe/Paris'));
  assert.ok(!isTimeZone('Mars/Olympus_Mons'));
});
