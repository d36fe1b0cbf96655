// Time zones on every dialect: zone-less dates read as local time in the connection's zone, {now} written so, zoned types keep instants.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { compileInteractionMapping } from '../../bridge/mapping/interaction.js';
import { createConnector, isRegionTimeZone, type Connector, type Dialect, type Row } from '../../connectors/index.js';
import { openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';

const ZONE = 'America/New_York';

/** A zone-less column read back as the text the database holds. */
const AS_TEXT: Record<Dialect, string> = {
  sqlite: 'updated_at',
  mysql: 'cast(updated_at as char)',
  postgres: 'cast(updated_at as text)',
  mssql: 'cast(updated_at as nvarchar(40))',
};

/**
 * Dialects whose fixture has a column typed with a zone (interactions.created_at): MySQL TIMESTAMP, PostgreSQL
 * timestamptz, SQL Server datetimeoffset. SQLite has no such type.
 */
const ZONED: Partial<Record<Dialect, true>> = { mysql: true, postgres: true, mssql: true };

export function defineTimeZoneSuite(dialect: Dialect): void {
  describe(`${dialect}: the connection's time zone`, () => {
    let database: TestDatabase | undefined;
    let unavailable: string | undefined;
    let local: Connector;
    let utc: Connector;

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
      database = opened.database;
      local = createConnector({ ...database.config, timeZone: ZONE });
      utc = createConnector(database.config);
    });
    after(async () => {
      await local?.close();
      await utc?.close();
      await database?.drop();
    });

    const check = (name: string, body: (t: TestContext) => Promise<void>): void => {
      test(name, async (t) => {
        if (unavailable !== undefined || !database) return t.skip(unavailable ?? 'no database');
        await body(t);
      });
    };

    const rowsOf = (connector: Connector, ids: number[], columns: string[], table = 'contacts'): Promise<Row[]> =>
      connector.selectRows({ source: { table }, columns, where: { column: 'id', values: ids }, orderBy: { column: 'id', direction: 'asc' }, limit: 10 });

    check('zone-less dates are read as local time in the zone and sent in UTC, DST gap and overlap included', async () => {
      const stored: Array<[number, string, string]> = [
        [3001, '2024-07-01 10:00:00', '2024-07-01 14:00:00 UTC'],
        [3002, '2024-01-15 10:00:00', '2024-01-15 15:00:00 UTC'],
        // 02:30 on 10 March 2024 does not exist in New York (02:00 EST became 03:00 EDT): it is 03:30 EDT.
        [3003, '2024-03-10 02:30:00', '2024-03-10 07:30:00 UTC'],
        // 01:30 on 3 November 2024 happened twice (EDT, then EST): the earlier one.
        [3004, '2024-11-03 01:30:00', '2024-11-03 05:30:00 UTC'],
      ];
      for (const [id, text] of stored) await utc.insertRow('contacts', { id, name: `Zone ${id}`, score: 0, active: 1, updated_at: text });
      const mapping = { type: 'ticket', source: { table: 'contacts' }, contactKey: 'id', fields: { id: 'id', subject: 'name', date: 'updated_at' }, limit: 50 };
      const inZone = compileInteractionMapping(mapping, 'zone', ZONE);
      const rows = await rowsOf(local, stored.map(([id]) => id), ['id', 'name', 'updated_at']);
      assert.deepEqual(rows.map((row) => inZone.map(row)?.interaction.date), stored.map(([, , sent]) => sent));
      // The default zone, UTC, reads them as they are written.
      const inUtc = compileInteractionMapping(mapping, 'utc');
      const plain = await rowsOf(utc, [3001], ['id', 'name', 'updated_at']);
      assert.equal(inUtc.map(plain[0]!)?.interaction.date, '2024-07-01 10:00:00 UTC');
    });

    check('{now} and other instants are written as local time in the zone', async () => {
      await local.insertRow('contacts', { id: 3101, name: 'Written', score: 0, active: 1, updated_at: new Date('2024-07-01T14:00:00.000Z') });
      await local.insertRow('contacts', { id: 3102, name: 'Written', score: 0, active: 1, updated_at: new Date('2024-12-01T14:00:00.000Z') });
      const texts = await utc.selectRows({
        source: { sql: `select id, ${AS_TEXT[dialect]} as local_text from contacts` }, columns: ['id', 'local_text'],
        where: { column: 'id', values: [3101, 3102] }, orderBy: { column: 'id', direction: 'asc' }, limit: 10,
      });
      assert.match(String(texts[0]?.local_text), /^2024-07-01[ T]10:00:00/);
      assert.match(String(texts[1]?.local_text), /^2024-12-01[ T]09:00:00/);
      // Read back in the same zone, the instant is the one written.
      const back = await rowsOf(local, [3101], ['id', 'updated_at']);
      assert.match(String(back[0]?.updated_at), /^2024-07-01T14:00:00\.0+Z$|^2024-07-01 10:00:00\.000$/);
    });

    check('the server tells its own zone where it names an IANA one (the wizard proposes it)', async () => {
      const zone = await utc.serverTimeZone();
      if (dialect === 'postgres') assert.ok(zone && isRegionTimeZone(zone), String(zone));
      else if (dialect === 'mysql') assert.ok(zone === undefined || isRegionTimeZone(zone), String(zone));
      else assert.equal(zone, undefined);
    });

    check('{now} and other instants written into a column typed with a zone keep their instant', async (t) => {
      if (!ZONED[dialect]) return t.skip(`${dialect} has no column type that holds a zone`);
      const instants = ['2024-07-01T14:00:00.000Z', '2024-12-01T14:00:00.000Z'];
      const ids: number[] = [];
      for (const instant of instants) {
        ids.push(Number(await local.insertRow('interactions', { contact_id: 1, kind: 'zoned', created_at: new Date(instant) }, { returning: 'id' })));
      }
      const [inUtc, inZone] = await Promise.all([rowsOf(utc, ids, ['id', 'created_at'], 'interactions'), rowsOf(local, ids, ['id', 'created_at'], 'interactions')]);
      assert.deepEqual(inUtc.map((row) => new Date(String(row.created_at)).toISOString()), instants);
      assert.deepEqual(inZone, inUtc);
    });

    check('columns typed with a zone are unaffected', async (t) => {
      if (!ZONED[dialect]) return t.skip(`the ${dialect} fixture has no column typed with a zone`);
      const ids = [1, 2, 3];
      const [inZone, inUtc] = await Promise.all([rowsOf(local, ids, ['id', 'created_at'], 'interactions'), rowsOf(utc, ids, ['id', 'created_at'], 'interactions')]);
      assert.equal(inZone.length, 3);
      assert.deepEqual(inZone, inUtc);
    });
  });
}
