import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptColumn } from '../../connectors/mssql-dates.js';
import type { DriverDate } from '../../connectors/driver-values.js';

/** A tedious value as useUTC decodes it: the stored wall clock in the Date's UTC fields (datetimeoffset: the instant). */
function column(type: string, iso: string, nanosecondsDelta?: number) {
  const value = Object.assign(new Date(iso), nanosecondsDelta === undefined ? {} : { nanosecondsDelta });
  return { value, metadata: { colName: 'at', type: { name: type } } };
}

test('zone-less SQL Server types are local time in the zone; the cursor keeps the stored text', () => {
  for (const type of ['DateTime', 'DateTimeN', 'DateTime2', 'SmallDateTime']) {
    const date = adoptColumn(column(type, '2024-07-01T10:00:00.000Z'), 'Europe/Paris') as DriverDate;
    assert.equal(date.iso, '2024-07-01T08:00:00.000Z', type);
    assert.equal(date.bound, '2024-07-01T10:00:00.000', type);
  }
  const precise = adoptColumn(column('DateTime2', '2024-07-01T10:00:00.123Z', 0.0004567), 'Europe/Paris') as DriverDate;
  assert.equal(precise.iso, '2024-07-01T08:00:00.1234567Z');
  assert.equal(precise.bound, '2024-07-01T10:00:00.1234567');
});

test('datetimeoffset, an instant already, is unaffected by the zone', () => {
  const date = adoptColumn(column('DateTimeOffset', '2024-07-01T10:00:00.000Z', 0), 'Europe/Paris') as DriverDate;
  assert.equal(date.iso, '2024-07-01T10:00:00.0000000Z');
  assert.equal(adoptColumn({ value: 'text', metadata: { colName: 'x', type: { name: 'NVarChar' } } }, 'Europe/Paris'), 'text');
});
