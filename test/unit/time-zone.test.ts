import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createKnexConnector } from '../../connectors/knex-connector.js';
import { sqliteQuirks } from '../../connectors/sqlite.js';
import { instantOfWallClock, isRegionTimeZone, isTimeZone, localTextOf, offsetTextOf, utcIsoOfLocalText, zoneOffset } from '../../connectors/time-zone.js';
import { makeTempDir } from '../support/temp-dir.js';

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

test('an instant with its offset in the zone, as a column with a zone is written', () => {
  assert.equal(offsetTextOf(at('2024-07-01T14:00:00.250Z'), 'America/New_York'), '2024-07-01T10:00:00.250-04:00');
  assert.equal(offsetTextOf(at('2024-12-01T14:00:00Z'), 'America/New_York'), '2024-12-01T09:00:00.000-05:00');
  assert.equal(offsetTextOf(at('2024-07-01T14:00:00Z'), 'Asia/Kolkata'), '2024-07-01T19:30:00.000+05:30');
  assert.equal(offsetTextOf(at('2024-07-01T14:00:00Z'), 'UTC'), '2024-07-01T14:00:00.000+00:00');
});

test('only a region\'s zone or UTC is taken from a server: abbreviations are fixed offsets without summer time', () => {
  for (const zone of ['Europe/Lisbon', 'America/New_York', 'Etc/UTC', 'Etc/GMT+5', 'UTC']) assert.ok(isRegionTimeZone(zone), zone);
  // EST and MST are in the tz database, as UTC-5 and UTC-7 all year: New York and Denver are an hour off all summer.
  for (const zone of ['EST', 'MST', 'CET', 'GMT', 'SYSTEM', '+01:00', '', 'Mars/Olympus_Mons']) assert.ok(!isRegionTimeZone(zone), zone);
});

test('the server\'s zone skips an abbreviation (MySQL\'s @@system_time_zone) for the next name that is a region', async () => {
  const directory = makeTempDir();
  const filename = path.join(directory.path, 'zone.sqlite');
  writeFileSync(filename, '');
  const telling = (zone: string, systemZone: string) => createKnexConnector(
    { dialect: 'sqlite', filename, queryTimeoutMs: 2000, pool: { max: 1 } },
    { ...sqliteQuirks, serverTimeZoneSql: `select '${zone}' as zone, '${systemZone}' as system_zone` },
  );
  const connectors = [telling('SYSTEM', 'EST'), telling('MST', 'America/Denver'), telling('SYSTEM', 'UTC')];
  try {
    assert.deepEqual(await Promise.all(connectors.map((connector) => connector.serverTimeZone())), [undefined, 'America/Denver', 'UTC']);
  } finally {
    await Promise.all(connectors.map((connector) => connector.close()));
    directory.remove();
  }
});
