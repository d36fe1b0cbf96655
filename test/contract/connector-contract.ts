// The one connector contract suite: the same assertions, through the Connector interface, for every dialect.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { phoneCandidates } from '../../bridge/mapping/phone.js';
import { createConnector, ConnectorError, namedPageRows, type ConnectionConfig, type Connector, type ContactMatchQuery, type ContactPageQuery, type ContactRowsQuery, type Dialect, type Row, type RowsQuery, type Value } from '../../connectors/index.js';
import {
  CONTACT_COUNT, EQUAL_CHECKPOINTS, NULL_CHECKPOINTS, SHARED_PHONE_E164, expectedDate, fixtureContacts, fixtureTimestamp, keyBase, keysWithPhoneIn,
} from '../support/contact-fixture.js';
import { closedPort, openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { connectionFailures } from './connection-failures.js';

const CONTACTS = { table: 'contacts' };
const PAGE: Omit<ContactPageQuery, 'limit'> = { source: CONTACTS, key: 'id', checkpoint: 'updated_at', columns: ['name', 'phone'] };

/** Pages through a whole source, failing if it does not end within a bound of pages. */
async function collectAllPages(connector: Connector, query: Omit<ContactPageQuery, 'limit'>, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let after;
  for (let page = 0; page < 100; page += 1) {
    const result = await connector.pageContacts({ ...query, after, limit });
    rows.push(...namedPageRows(result));
    if (result.rows.length < limit || !result.last) return rows;
    after = result.last;
  }
  throw new Error('Paging did not end after 100 pages.');
}

async function expectCode(work: Promise<unknown>, code: ConnectorError['code']): Promise<ConnectorError> {
  const error = await work.then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof ConnectorError, `expected ConnectorError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

export function defineContractSuite(dialect: Dialect): void {
  describe(`${dialect} connector contract`, () => {
    let database: TestDatabase | undefined;
    let unavailable: string | undefined;
    let connector: Connector;
    const contacts = fixtureContacts(dialect);
    const byId = new Map(contacts.map((contact) => [contact.id, contact]));

    before(async () => {
      const opened = await openTestDatabaseOrReason(dialect);
      if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
      database = opened.database;
      connector = createConnector(database.config);
    });
    after(async () => {
      await connector?.close();
      await database?.drop();
    });

    /** A test that needs the database: skipped, visibly and with the reason, when it is not running. */
    const check = (name: string, body: (db: TestDatabase, t: TestContext) => Promise<void>): void => {
      test(name, async (t) => {
        if (unavailable !== undefined || !database) return t.skip(unavailable ?? 'no database');
        await body(database, t);
      });
    };

    check('tests the connection', async () => {
      await connector.testConnection();
    });

    connectionFailures(dialect, check, async (db, change) => {
      const config: ConnectionConfig = { ...db.config, ...change, pool: { max: 1 } };
      const failing = createConnector(config);
      try {
        return await failing.testConnection().then(() => undefined, (error: unknown) => error);
      } finally {
        await failing.close();
      }
    }, closedPort);

    check('lists tables and views', async () => {
      const tables = await connector.listTables();
      const kinds = Object.fromEntries(tables.map((table) => [table.name, table.kind]));
      assert.deepEqual({ contacts: kinds.contacts, interactions: kinds.interactions, contacts_view: kinds.contacts_view },
        { contacts: 'table', interactions: 'table', contacts_view: 'view' });
    });

    check('describes columns with type, nullability and primary key', async () => {
      const columns = await connector.describeColumns('contacts');
      assert.deepEqual(columns.map((column) => column.name), ['id', 'name', 'email', 'phone', 'notes', 'score', 'active', 'updated_at']);
      const id = columns.find((column) => column.name === 'id');
      const email = columns.find((column) => column.name === 'email');
      assert.deepEqual([id?.primaryKey, id?.nullable, email?.primaryKey, email?.nullable], [true, false, false, true]);
      for (const column of columns) assert.ok(column.type.length > 0, `column ${column.name} has a type`);
      await expectCode(connector.describeColumns('no_such_table'), 'db_query_failed');
    });

    check('lists indexes so the wizard can warn about unindexed columns', async () => {
      const indexes = await connector.listIndexes('contacts');
      const columnSets = indexes.map((index) => index.columns.join(','));
      assert.ok(columnSets.includes('phone'), columnSets.join(' | '));
      assert.ok(columnSets.includes('updated_at,id'), columnSets.join(' | '));
    });

    check('reads values faithfully: UTC dates at full precision, big keys as strings, unicode, NULL absent', async () => {
      const first = contacts[NULL_CHECKPOINTS]!;
      const [row] = await connector.selectRows({ source: CONTACTS, columns: ['id', 'name', 'email', 'notes', 'score', 'active', 'updated_at'], where: { column: 'id', values: [first.id] }, limit: 5 });
      assert.ok(row, 'the row is found by its big key');
      assert.equal(String(row.id), first.id);
      // SQLite hands integers back as numbers; its keys stay below 2^53.
      assert.equal(typeof row.id, dialect === 'sqlite' ? 'number' : 'string');
      assert.ok(BigInt(first.id) > BigInt(Number.MAX_SAFE_INTEGER) || dialect === 'sqlite');
      assert.equal(row.name, first.name);
      assert.equal(row.updated_at, expectedDate(dialect, fixtureTimestamp(dialect, 1, 0)));
      assert.equal(row.score, first.score);
      assert.ok(!('notes' in row), 'NULL is absent');
      const emoji = await connector.selectRows({ source: CONTACTS, columns: ['id', 'name'], where: { column: 'id', values: [contacts[0]!.id] }, limit: 1 });
      assert.equal(emoji[0]?.name, 'Zoë Ångström 😀 #0');
    });

    check('counts the rows without a checkpoint value, in a table and in a SELECT source', async () => {
      assert.equal(await connector.countNulls(CONTACTS, 'updated_at'), NULL_CHECKPOINTS);
      assert.equal(await connector.countNulls({ sql: 'select id, updated_at from contacts where score >= 0' }, 'updated_at'), NULL_CHECKPOINTS);
      assert.equal(await connector.countNulls(CONTACTS, 'id'), 0);
    });

    check('a table source\'s filters apply to pages, lookups, row sets and samples', async () => {
      const active = contacts.filter((contact) => contact.active);
      const filtered = { table: 'contacts', where: [{ column: 'active', op: '=' as const, value: true }] };
      const paged = await collectAllPages(connector, { ...PAGE, source: filtered }, 7);
      assert.deepEqual(paged.map((row) => String(row.id)).sort(), active.map((contact) => contact.id).sort());
      const sampled = await connector.sampleRows(filtered, 100);
      assert.equal(sampled.length, active.length);
      const shared = keysWithPhoneIn(dialect, phoneCandidates(SHARED_PHONE_E164));
      const find = () => connector.findContactKeys({ source: filtered, key: 'id', equals: [{ column: 'phone', values: phoneCandidates(SHARED_PHONE_E164) }], limit: 50 });
      const expected = shared.filter((id) => byId.get(id)?.active);
      assert.ok(expected.length > 0 && expected.length < shared.length, 'the fixture has both active and inactive sharers');
      assert.deepEqual((await find()).map(String).sort(), expected.sort());
      // Again through the statement kept from the first call (statement-cache.ts), the filter's value bound as before.
      assert.deepEqual((await find()).map(String).sort(), expected.sort());
      // "!=" keeps rows whose value is NULL; "is null" keeps only those.
      const withoutNote = { table: 'contacts', where: [{ column: 'notes', op: 'is null' as const }] };
      const notNote1 = { table: 'contacts', where: [{ column: 'notes', op: '!=' as const, value: 'note 1' }] };
      const ids = contacts.map((contact) => contact.id);
      for (let call = 0; call < 2; call += 1) {
        const [nullRows, otherRows] = await connector.selectRowSets([
          { source: withoutNote, columns: ['id'], where: { column: 'id', values: ids }, limit: 100 },
          { source: notNote1, columns: ['id'], where: { column: 'id', values: ids }, limit: 100 },
        ]);
        assert.equal(nullRows?.length, contacts.filter((contact) => contact.notes === null).length);
        assert.equal(otherRows?.length, contacts.length - 1);
      }
    });

    check('pages every contact exactly once across pages of equal timestamps', async () => {
      for (const limit of [7, 10, 41]) {
        const rows = await collectAllPages(connector, PAGE, limit);
        const ids = rows.map((row) => String(row.id));
        assert.equal(new Set(ids).size, ids.length, `no row repeats (page size ${limit})`);
        assert.equal(ids.length, CONTACT_COUNT, `every row arrives (page size ${limit})`);
      }
      const rows = await collectAllPages(connector, PAGE, 7);
      const nullKeys = rows.slice(0, NULL_CHECKPOINTS).map((row) => BigInt(String(row.id)));
      assert.deepEqual(nullKeys, [...nullKeys].sort((a, b) => (a < b ? -1 : 1)), 'rows without checkpoint come first, by key');
      const equal = rows.slice(NULL_CHECKPOINTS, NULL_CHECKPOINTS + EQUAL_CHECKPOINTS);
      assert.ok(equal.every((row) => row.updated_at === expectedDate(dialect, fixtureTimestamp(dialect, 1, 0))));
    });

    check('resumes an incremental run from a checkpoint one tick above many equal ones', async () => {
      const head = await connector.pageContacts({ ...PAGE, limit: NULL_CHECKPOINTS + EQUAL_CHECKPOINTS + 1 });
      assert.equal(namedPageRows(head).at(-1)?.updated_at, expectedDate(dialect, fixtureTimestamp(dialect, 1, 1)));
      const since = head.last?.checkpoint;
      assert.ok(since !== undefined && since !== null);
      const rows = await collectAllPages(connector, { ...PAGE, since }, 5);
      const expected = contacts.filter((contact) => contact.updatedAt !== null && contact.updatedAt >= fixtureTimestamp(dialect, 1, 1));
      assert.deepEqual(rows.map((row) => String(row.id)).sort(), expected.map((contact) => contact.id).sort());
    });

    check('finds contacts by phone in any stored format and by e-mail ignoring case', async () => {
      const candidates = phoneCandidates(SHARED_PHONE_E164);
      const expected = keysWithPhoneIn(dialect, candidates);
      assert.ok(expected.length >= 20, `the fixture's formats of ${SHARED_PHONE_E164} are among its candidates`);
      const byPhone = await connector.findContactKeys({ source: CONTACTS, key: 'id', equals: [{ column: 'phone', values: candidates }], limit: 100 });
      assert.deepEqual(byPhone.map(String).sort(), expected.sort());
      const capped = await connector.findContactKeys({ source: CONTACTS, key: 'id', equals: [{ column: 'phone', values: candidates }], limit: 3 });
      assert.equal(capped.length, 3, 'a number shared by many contacts gives at most `limit` keys');
      assert.ok(capped.every((key) => expected.includes(String(key))));
      const byEmail = await connector.findContactKeys({ source: CONTACTS, key: 'id', equals: [], emails: { columns: ['email'], values: ['ana.silva@example.com'] }, limit: 10 });
      assert.deepEqual(byEmail.map(String).sort(), [contacts[7]!.id, contacts[8]!.id].sort());
    });

    check('selects interactions by contact, ordered and capped', async () => {
      const contact = contacts[2]!;
      const rows = await connector.selectRows({ source: { table: 'interactions' }, columns: ['kind', 'created_at'], where: { column: 'contact_id', values: [contact.id] }, orderBy: { column: 'created_at', direction: 'desc' }, limit: 2 });
      assert.deepEqual(rows, [
        { kind: 'ticket', created_at: expectedDate(dialect, fixtureTimestamp(dialect, 12, 2)) },
        { kind: 'call', created_at: expectedDate(dialect, fixtureTimestamp(dialect, 11, 2)) },
      ]);
    });

    check('reads several row sets in one go, each exactly as selectRows reads it', async () => {
      const contact = contacts[2]!;
      const withNulls = contacts[NULL_CHECKPOINTS]!;
      const queries: RowsQuery[] = [
        { source: { table: 'interactions' }, columns: ['kind', 'created_at'], where: { column: 'contact_id', values: [contact.id] }, orderBy: { column: 'created_at', direction: 'desc' }, limit: 2 },
        // Numbers, booleans, dates and NULLs beside the other sets' columns: each keeps its type.
        { source: CONTACTS, columns: ['id', 'name', 'email', 'notes', 'score', 'active', 'updated_at'], where: { column: 'id', values: [withNulls.id, contacts[0]!.id] }, orderBy: { column: 'id', direction: 'asc' }, limit: 5 },
        { source: { sql: 'select id, contact_id, kind, created_at from interactions' }, columns: ['kind', 'id', 'kind'], where: { column: 'contact_id', values: [contacts[1]!.id, contact.id] }, orderBy: { column: 'id', direction: 'asc' }, limit: 4 },
        { source: { table: 'interactions' }, columns: ['kind'], where: { column: 'contact_id', values: [] }, limit: 5 },
      ];
      const each = await Promise.all(queries.map((query) => connector.selectRows(query)));
      assert.deepEqual(each.map((rows) => rows.length), [2, 2, 4, 0]);
      assert.deepEqual(await connector.selectRowSets(queries), each);
      assert.deepEqual(await connector.selectRowSets(queries), each, 'the second call, on the kept SQL, reads the same');
      assert.deepEqual(await connector.selectRowSets([queries[1]!, { ...queries[0]!, where: { column: 'contact_id', values: ['123456789'] } }]), [each[1], []]);
    });

    check('finds contacts and their row sets at once, as findContactKeys then selectRowSets would', async () => {
      const queries: ContactRowsQuery[] = [
        { source: { table: 'interactions' }, columns: ['kind', 'created_at'], contactColumn: 'contact_id', orderBy: { column: 'created_at', direction: 'desc' }, limit: 2 },
        { source: { sql: 'select id, contact_id, kind from interactions' }, columns: ['id', 'kind'], contactColumn: 'contact_id', orderBy: { column: 'id', direction: 'asc' }, limit: 10 },
      ];
      const separately = async (keys: Value[]) => connector.selectRowSets(queries.map(({ contactColumn, ...query }) => ({ ...query, where: { column: contactColumn, values: keys } })));
      const match = (phones: string[], email: string, limit: number): ContactMatchQuery =>
        ({ source: CONTACTS, key: 'id', equals: [{ column: 'phone', values: phones }, { column: 'email', values: [email] }], limit });
      // Contact 1 has interactions; its phone is shared with many, so it is found by its e-mail, the second column.
      const byEmail = match(['+19999999999'], contacts[1]!.email!, 20);
      const found = await connector.findContactRows(byEmail, queries);
      assert.deepEqual(found.keys.map(String), [contacts[1]!.id]);
      assert.ok(found.rowSets[0]!.length > 0 && found.rowSets[1]!.length > 0, 'the contact has interactions');
      assert.deepEqual(found.rowSets, await separately(found.keys));
      assert.deepEqual(await connector.findContactRows(byEmail, queries), found, 'the second call, on the kept SQL, reads the same');
      assert.deepEqual(await connector.findContactRows(match(['+19999999999'], 'nobody@example.com', 20), queries), { keys: [], rowSets: [[], []] });
      const shared = await connector.findContactRows(match(phoneCandidates(SHARED_PHONE_E164), 'nobody@example.com', 3), queries);
      assert.equal(shared.keys.length, 3, 'a number shared by many contacts gives at most `limit` contacts');
      assert.deepEqual(shared.rowSets, await separately(shared.keys));
    });

    check('inserts a row and returns its new key', async () => {
      const at = new Date(Date.UTC(2024, 5, 1, 8, 30, 15, 250));
      const contactId = String(keyBase(dialect) + 1n);
      const key = await connector.insertRow('interactions', { contact_id: contactId, kind: 'note ✓', created_at: at }, { returning: 'id' });
      assert.ok(key !== undefined, 'the new key is reported');
      const rows = await connector.selectRows({ source: { table: 'interactions' }, columns: ['contact_id', 'kind', 'created_at'], where: { column: 'id', values: [key] }, limit: 1 });
      const created = String(rows[0]?.created_at);
      assert.deepEqual({ ...rows[0], contact_id: String(rows[0]?.contact_id), created_at: new Date(created.includes('T') ? created : `${created.replace(' ', 'T')}Z`).toISOString() },
        { contact_id: byId.get(contactId)!.id, kind: 'note ✓', created_at: at.toISOString() });
    });

    check('wraps a custom SELECT as a subquery and refuses anything else', async () => {
      const source = { sql: 'select id, name, phone, updated_at from contacts where score >= 5;' };
      assert.deepEqual(await connector.describeSource(source), ['id', 'name', 'phone', 'updated_at']);
      const rows = await collectAllPages(connector, { ...PAGE, source }, 6);
      assert.equal(rows.length, contacts.filter((contact) => contact.score >= 5).length);
      const error = await expectCode(connector.sampleRows({ sql: 'delete from contacts' }, 1), 'db_invalid_source');
      assert.match(error.message, /SELECT/);
      await expectCode(connector.sampleRows({ sql: 'select 1; drop table contacts' }, 1), 'db_invalid_source');
      assert.equal((await connector.sampleRows(CONTACTS, 100)).length, CONTACT_COUNT, 'nothing was deleted');
    });

    check('keeps the pool bounded under concurrent lookups', async (db) => {
      const lookups = Array.from({ length: 12 }, (_, index) =>
        connector.selectRows({ source: CONTACTS, columns: ['id'], where: { column: 'id', values: [contacts[index]!.id] }, limit: 1 }));
      assert.equal((await Promise.all(lookups)).flat().length, 12);
      const sessions = await db.countSessions();
      if (sessions === undefined) return;
      // The reading pool, plus the one read-write session an insert opened earlier where reads are read-only.
      const bound = db.config.pool.max + (db.dialect === 'sqlite' ? 0 : 1);
      assert.ok(sessions >= 1 && sessions <= bound, `${sessions} sessions for a pool of ${db.config.pool.max}`);
    });

    check('answers db_timeout when a query runs past the timeout, then recovers', async (db, t) => {
      if (!db.slowSelect) return t.skip('SQLite has no sleep; its runaway statements are stopped in test/api/sqlite-runaway.test.ts');
      const slow = createConnector({ ...db.config, queryTimeoutMs: 500 });
      try {
        const error = await expectCode(slow.sampleRows({ sql: db.slowSelect }, 1), 'db_timeout');
        assert.match(error.message, /did not answer within 0\.5 s/);
        assert.equal((await slow.sampleRows(CONTACTS, 1)).length, 1, 'the connector answers again');
        // A lookup's statement is kept after its first call and may then run without Knex's own timer.
        const lookup = { source: { sql: `select id, contact_id from interactions where contact_id in ((select 0 from (${db.slowSelect}) slow), ${contacts[2]!.id})` }, columns: ['id'], where: { column: 'contact_id', values: [contacts[2]!.id] }, limit: 5 };
        // Three calls on a pool of two: a connection left behind by a stopped call would starve the one after them.
        for (const call of ['first', 'kept', 'kept again']) {
          const started = Date.now();
          await expectCode(slow.selectRows(lookup), 'db_timeout');
          assert.ok(Date.now() - started < 2000, `the ${call} call was stopped at the timeout`);
        }
        assert.equal((await slow.selectRows({ ...lookup, source: { table: 'interactions' } })).length, 3, 'the connector answers again');
      } finally {
        await slow.close();
      }
    });
  });
}
