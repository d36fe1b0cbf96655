// The phone index on every dialect: every number a sync sends finds its contact, whatever its stored form; lookups
// ask the database until the index is ready and for contacts it has not seen yet; deleted rows go at a full pass.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { createConnector, namedPageRows, type Connector, type Dialect, type Value } from '../../connectors/index.js';
import { InteractionLookup } from '../../bridge/lookup.js';
import { compileContactMapping } from '../../bridge/mapping/contact.js';
import { compileInteractionMapping } from '../../bridge/mapping/interaction.js';
import { PhoneIndexMaintainer, PhoneIndexReader, PhoneIndexStore, phoneIndexFingerprint, type PhoneIndexEvent } from '../../bridge/phone-index/index.js';
import { integrationSchema, type Integration } from '../../bridge/profile/schema.js';
import { openStateDatabase } from '../../bridge/state/database.js';
import { WorkerPageReader } from '../../bridge/sync/page-reader.js';
import { fixtureTimestamp, keyBase } from '../support/contact-fixture.js';
import { openTestDatabaseOrReason, openTestKnex, type TestDatabase } from '../support/databases.js';
import { makeTempDir } from '../support/temp-dir.js';

/** Forms offices store, each a valid number once read the way sync reads it (region US). */
export const MESSY_PHONES = [
  '(347) 496-7827 x80', 'tel:+1-347-496-7828', '(home) 347.496.7829', '347-496-7830 (cell)', ' +1 347 496 7831. ',
  '011 44 20 7946 0019', '00 44 20 7946 0020', '+44 (0)20 7946 0021', '+1 (347) 496-7832 ext. 12', '1-347-496-7833',
  'mobile: 347 496 7834', '+1.347.496.7835;;', '+33 (0)1 42 68 53 00', '011-33-1-42-68-53-01',
];
/** Stored as the form query can find it: found before the index is ready. */
const PLAIN_PHONE = '+13474967840';

function integrationFor(dialect: Dialect): Integration {
  return integrationSchema.parse({
    id: `index-${dialect}`, displayName: 'Phone index',
    // The lookup under test reads through the connector given to it; this connection is never opened.
    connection: { dialect: 'sqlite', filename: '/nonexistent/crm.sqlite' },
    contacts: { source: { table: 'contacts' }, key: 'id', checkpoint: 'updated_at', pageSize: 7, fields: { name: 'name', phones: 'phone' } },
    interactions: [{ type: 'call', source: { table: 'interactions' }, contactKey: 'contact_id', fields: { id: 'id', subject: 'kind', date: 'created_at' } }],
  });
}

export function definePhoneIndexSuite(dialect: Dialect): void {
  describe(`${dialect} phone index`, () => {
    let database: TestDatabase | undefined;
    let unavailable: string | undefined;
    let knex: Knex;
    let connector: Connector;
    let reads: WorkerPageReader;
    let stateDb: Knex;
    let store: PhoneIndexStore;
    let reader: PhoneIndexReader;
    let maintainer: PhoneIndexMaintainer;
    let lookup: InteractionLookup;
    const temp = makeTempDir();
    const integration = integrationFor(dialect);
    const fingerprint = phoneIndexFingerprint(integration.contacts);
    const events: PhoneIndexEvent[] = [];
    const base = keyBase(dialect) + 1000n;
    let added = 0;

    /** Adds a contact with one interaction whose subject names it; its checkpoint is later than any before. */
    async function addContact(phone: string): Promise<string> {
      added += 1;
      const id = String(base + BigInt(added));
      await knex('contacts').insert({ id, name: `Messy ${added}`, phone, score: 1, active: dialect === 'postgres' ? true : 1, updated_at: fixtureTimestamp(dialect, 20, added) });
      await knex('interactions').insert({ contact_id: id, kind: `call-${id}`, created_at: fixtureTimestamp(dialect, 21, added) });
      return id;
    }

    const subjects = async (phone: string) => (await lookup.retrieve({ phones: [phone], emails: [] })).map((found) => found.subject);
    const indexed = (e164: string) => (reader.find(integration.id, fingerprint, [e164], 20) ?? []).map(String);

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
      database = opened.database;
      knex = openTestKnex(database);
      connector = createConnector(database.config);
      // The index's pages are read where the bridge reads them: in the sync's page worker.
      reads = new WorkerPageReader(database.config, integration.contacts);
      stateDb = await openStateDatabase(temp.path);
      store = new PhoneIndexStore(temp.path);
      reader = new PhoneIndexReader(temp.path);
      const interactions = integration.interactions.map((mapping) => compileInteractionMapping(mapping, 'interactions'));
      lookup = new InteractionLookup(integration, connector, compileContactMapping(integration.contacts), interactions,
        (numbers, limit) => reader.find(integration.id, fingerprint, numbers, limit));
      maintainer = new PhoneIndexMaintainer(integration.id, fingerprint, integration.contacts, { refreshSeconds: 3600, fullPassHours: 24 }, reads, store, (event) => events.push(event));
    });
    after(async () => {
      await maintainer?.close();
      reader?.close();
      store?.close();
      await stateDb?.destroy();
      await Promise.all([connector?.close(), reads?.close(), knex?.destroy()]);
      await database?.drop();
      temp.remove();
    });

    const check = (name: string, body: (t: TestContext) => Promise<void>): void => {
      test(name, async (t) => {
        if (unavailable !== undefined || !database) return t.skip(unavailable ?? 'no database');
        await body(t);
      });
    };

    const messyIds: string[] = [];
    let plainId = '';

    check('before the index is ready, lookups ask the database for the stored forms', async () => {
      for (const phone of MESSY_PHONES) messyIds.push(await addContact(phone));
      plainId = await addContact(PLAIN_PHONE);
      assert.deepEqual(await subjects('+1 347 496 7840'), [`call-${plainId}`]);
      // What the index is for: the database's forms do not include an extension, a tel: prefix or words.
      assert.deepEqual(await subjects('+13474967827'), []);
    });

    check('every number a sync sends finds its contact, whatever its stored form', async () => {
      maintainer.start();
      await maintainer.ready();
      const mapper = compileContactMapping(integration.contacts);
      const synced = new Map<string, Set<string>>();
      let after;
      for (;;) {
        const page = await connector.pageContacts({ source: { table: 'contacts' }, key: 'id', checkpoint: 'updated_at', columns: mapper.columns, after, limit: 50 });
        for (const row of namedPageRows(page)) {
          for (const phone of mapper.map(row).contact.phones ?? []) synced.set(phone, (synced.get(phone) ?? new Set()).add(String(row.id as Value)));
        }
        if (page.rows.length < 50 || !page.last) break;
        after = page.last;
      }
      const messyNumbers = MESSY_PHONES.length;
      assert.ok(synced.size >= messyNumbers, `sync sends ${synced.size} numbers`);
      for (const [phone, keys] of synced) assert.deepEqual(new Set(indexed(phone)), keys, phone);
      for (const [position, id] of messyIds.entries()) {
        const [phone] = mapper.map({ id, name: 'x', phone: MESSY_PHONES[position]! }).contact.phones ?? [];
        assert.ok(phone, `${MESSY_PHONES[position]} is a number sync sends`);
        assert.deepEqual(await subjects(phone), [`call-${id}`], `${MESSY_PHONES[position]} looked up as ${phone}`);
      }
      const ready = events.find((event) => event.state === 'ready');
      assert.ok(ready && ready.state === 'ready' && ready.numbers === [...synced.values()].reduce((sum, keys) => sum + keys.size, 0));
    });

    check('a contact created after the last refresh is found by the database, then by the index once read', async () => {
      const id = await addContact('+1 347 496 7850');
      assert.deepEqual(indexed('+13474967850'), []);
      assert.deepEqual(await subjects('+13474967850'), [`call-${id}`]);
      // A caller with two numbers, one in the index and one not yet: both contacts, as the database alone would give.
      const both = (await lookup.retrieve({ phones: ['+13474967829', '+13474967850'], emails: [] })).map((found) => found.subject).sort();
      assert.deepEqual(both, [`call-${messyIds[2]!}`, `call-${id}`].sort());
      await maintainer.runNow('refresh');
      assert.deepEqual(indexed('+13474967850'), [id]);
      assert.deepEqual(await subjects('+13474967850'), [`call-${id}`]);
    });

    check('a changed number is read by the next refresh; a deleted row leaves at the next full pass', async () => {
      const [moved, deleted] = [messyIds[0]!, messyIds[1]!];
      await knex('contacts').where({ id: moved }).update({ phone: '347 496 7860 x1', updated_at: fixtureTimestamp(dialect, 25, 1) });
      await knex('interactions').where({ contact_id: deleted }).del();
      await knex('contacts').where({ id: deleted }).del();
      await maintainer.runNow('refresh');
      assert.deepEqual(indexed('+13474967860'), [moved]);
      assert.deepEqual(indexed('+13474967827'), []);
      assert.deepEqual(indexed('+13474967828'), [deleted], 'a checkpoint read cannot see a deletion');
      await maintainer.runNow('full_pass');
      assert.deepEqual(indexed('+13474967828'), []);
      assert.deepEqual(indexed('+13474967829'), [messyIds[2]!]);
      assert.ok(events.some((event) => event.state === 'full_pass' && event.removed === 1));
    });

    check('the index is removed with its integration', async () => {
      await maintainer.close();
      assert.deepEqual(store.retain(new Set(['another'])), [integration.id]);
      assert.equal(reader.find(integration.id, fingerprint, ['+13474967829'], 20), undefined);
      const tables = await stateDb.raw("select name from sqlite_master where name like 'phone_index_index%'") as unknown[];
      assert.deepEqual(tables, []);
    });
  });
}
