// Late commits on every dialect: rows stamped relative to the database's own clock, synced through the real reading thread.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test, type TestContext } from 'node:test';
import { contactsSchema } from '../../bridge/profile/schema.js';
import { ContactSync } from '../../bridge/sync/contact-sync.js';
import { WorkerPageReader } from '../../bridge/sync/page-reader.js';
import { TokenSigner } from '../../bridge/sync/token.js';
import { createConnector, type Connector, type Dialect } from '../../connectors/index.js';
import { openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';

/** Each zone's rows have their own small keys (the fixture's are above 10^9); zone-less columns hold local time. */
const ZONES = [{ zone: 'UTC', base: 0 }, { zone: 'Asia/Kolkata', base: 100 }];

export function defineLateCommitSuite(dialect: Dialect): void {
  describe(`${dialect}: late commits and the lookback window`, () => {
    let database: TestDatabase | undefined;
    let unavailable: string | undefined;
    const syncs = new Map<string, { connector: Connector; reader: WorkerPageReader; sync: ContactSync }>();

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
      database = opened.database;
      for (const { zone, base } of ZONES) {
        const config = { ...database.config, timeZone: zone };
        const connector = createConnector(config);
        const source = { sql: `select id, name, updated_at from contacts where id > ${base} and id < ${base + 100}` };
        const mapping = contactsSchema.parse({ source, key: 'id', checkpoint: 'updated_at', fields: { name: 'name' }, pageSize: 2, lookbackSeconds: 300 });
        const reader = new WorkerPageReader(config, mapping);
        syncs.set(zone, { connector, reader, sync: new ContactSync('late', reader, mapping, new TokenSigner(randomBytes(32)), () => connector.databaseClock(), zone) });
      }
    });
    after(async () => {
      for (const { reader, connector } of syncs.values()) await Promise.all([reader.close(), connector.close()]);
      await database?.drop();
    });

    const check = (name: string, body: (t: TestContext) => Promise<void>): void => {
      test(name, async (t) => {
        if (unavailable !== undefined || !database) return t.skip(unavailable ?? 'no database');
        await body(t);
      });
    };

    for (const { zone, base } of ZONES) {
    const connector = (): Connector => syncs.get(zone)!.connector;
    const sync = (): ContactSync => syncs.get(zone)!.sync;

    /** Writes a row stamped `secondsAgo` before the database's clock, as an application would have (local time in the zone). */
    const write = async (id: number, secondsAgo: number, clock: number): Promise<void> => {
      await connector().insertRow('contacts', { id: base + id, name: `Row ${id}`, score: 0, active: 1, updated_at: new Date(clock - secondsAgo * 1000) });
    };

    /** Plays a Talkdesk run from `checkpoint`; the keys sent (less the zone's base), in order, and the run's checkpoint. */
    const run = async (checkpoint?: string): Promise<{ ids: number[]; checkpoint: string }> => {
      const ids: number[] = [];
      let offset: string | undefined;
      let body: { next_offset?: string; synchronization_checkpoint: string; contacts: Array<{ id: string }> };
      let pages = 0;
      do {
        body = JSON.parse((await sync().page({ synchronization_checkpoint: checkpoint, offset })).json);
        ids.push(...body.contacts.map((contact) => Number(contact.id) - base));
        offset = body.next_offset;
        assert.ok((pages += 1) < 100, 'the run ends');
      } while (offset);
      return { ids, checkpoint: body.synchronization_checkpoint };
    };

    if (zone === 'UTC') check('the database clock is read in milliseconds since 1970', async () => {
      const clock = await connector().databaseClock();
      // The server runs on this machine: its clock and ours agree to within a minute.
      assert.ok(Math.abs(clock - Date.now()) < 60_000, `${new Date(clock).toISOString()} against ${new Date().toISOString()}`);
    });

    check(`${zone}: a steady state re-sends only the rows at the last timestamp; a late commit inside the window arrives next run`, async () => {
      const clock = await connector().databaseClock();
      await write(1, 1000, clock);
      await write(2, 900, clock);
      await write(3, 900, clock);
      const full = await run();
      assert.deepEqual(full.ids, [1, 2, 3]);
      // No write for longer than the window: only the rows sharing the last timestamp come again.
      const steady = await run(full.checkpoint);
      assert.deepEqual(steady.ids, [2, 3]);

      const now = await connector().databaseClock();
      await write(4, 60, now);
      const next = await run(steady.checkpoint);
      assert.deepEqual(next.ids, [2, 3, 4]);
      // Committed after that run, but stamped before row 4, which it already sent.
      await write(5, 120, now);
      const late = await run(next.checkpoint);
      assert.ok(late.ids.includes(5), `the late row arrives: ${late.ids.join(', ')}`);
      assert.deepEqual(late.ids, [5, 4], 'the rows inside the window, once each, in checkpoint order');
    });
    }
  });
}
