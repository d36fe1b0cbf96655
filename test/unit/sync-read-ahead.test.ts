// Contact sync reads ahead only for callers following a run in order, and never serves a page read after a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Cursor, Value } from '../../connectors/index.js';
import { contactsSchema } from '../../bridge/profile/schema.js';
import { ContactSync, READ_AHEAD_PAGES } from '../../bridge/sync/contact-sync.js';
import type { ContactPageJson, PageReader } from '../../bridge/sync/page-reader.js';
import { TokenSigner } from '../../bridge/sync/token.js';

const PAGE_SIZE = 2;
const ROWS = 12;

/** A reader over keys 1..ROWS (checkpoint = key); records each read, says when none is under way, and can be made to fail. */
class FakeReader implements PageReader {
  reads: Array<Value | undefined> = [];
  failing = false;
  private readonly underWay = new Set<Promise<unknown>>();

  read(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson> {
    const page = this.readPage(position);
    const tracked = page.catch(() => undefined).finally(() => this.underWay.delete(tracked));
    this.underWay.add(tracked);
    return page;
  }

  /**
   * Resolves once no read is under way and none follows: a finished read leads the sync to start the next one only
   * after its own awaits (promises, no timers), all run before the event loop's next turn.
   */
  async idle(): Promise<void> {
    do {
      await Promise.all(this.underWay);
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.underWay.size > 0);
  }

  private async readPage(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson> {
    const after = position.after ? Number(position.after.key) : 0;
    this.reads.push(position.after?.key);
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('database down');
    const keys = Array.from({ length: ROWS }, (_, index) => index + 1).filter((key) => key > after).slice(0, PAGE_SIZE);
    const last = keys.at(-1);
    return {
      json: JSON.stringify(keys.map((key) => ({ id: String(key), name: `Contact ${key}` }))),
      count: keys.length,
      ...(last !== undefined ? { last: { checkpoint: last, key: last } } : {}),
    };
  }

  async close(): Promise<void> {}
}

function setup() {
  const reader = new FakeReader();
  const mapping = contactsSchema.parse({ source: { table: 'people' }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name' }, pageSize: PAGE_SIZE });
  const sync = new ContactSync('crm', reader, mapping, new TokenSigner(randomBytes(32)), async () => Date.now());
  const page = async (offset?: string) => JSON.parse((await sync.page(offset ? { offset } : {})).json) as { next_offset?: string; contacts: Array<{ id: string }> };
  const settle = () => reader.idle();
  return { reader, page, settle };
}

test('a caller following next_offset is served pages read ahead, every contact exactly once', async () => {
  const { reader, page, settle } = setup();
  const ids: string[] = [];
  let body = await page();
  ids.push(...body.contacts.map((contact) => contact.id));
  await settle();
  assert.equal(reader.reads.length, 1 + READ_AHEAD_PAGES, 'the pages after the first were read before being asked for');
  while (body.next_offset) {
    body = await page(body.next_offset);
    ids.push(...body.contacts.map((contact) => contact.id));
  }
  assert.deepEqual(ids, Array.from({ length: ROWS }, (_, index) => String(index + 1)));
  await settle();
  assert.equal(reader.reads.length, ROWS / PAGE_SIZE + 1, 'each page read once (and the empty one after the last)');
});

test('taking a page read ahead starts reading the one after the last read, not after the one taken', async () => {
  const { reader, page, settle } = setup();
  const first = await page();
  await settle();
  assert.deepEqual(reader.reads, [undefined, 2, 4], 'pages 2 and 3 were read ahead');
  await page(first.next_offset);
  await settle();
  assert.deepEqual(reader.reads, [undefined, 2, 4, 6], 'page 4 is read as soon as page 2 is taken');
});

test('a caller jumping to offsets gets no pages read ahead for it', async () => {
  const { reader, page, settle } = setup();
  const offsets: string[] = [];
  let body = await page();
  while (body.next_offset) {
    offsets.push(body.next_offset);
    body = await page(body.next_offset);
  }
  await settle();
  const before = reader.reads.length;
  await page(offsets[3]);
  await page(offsets[1]);
  await settle();
  assert.equal(reader.reads.length, before + 2, 'only the pages asked for were read');
});

test('a page whose read ahead failed is read again; one failing while asked for answers the failure', async () => {
  const { reader, page, settle } = setup();
  const first = await page();
  await settle();
  reader.failing = true;
  // Pages 2 and 3 were read before the failure; page 4's read ahead fails once page 2 is taken.
  const second = await page(first.next_offset);
  const third = await page(second.next_offset);
  await settle();
  await assert.rejects(page(third.next_offset), /database down/, 'the read under way when asked for is the answer');
  reader.failing = false;
  await settle();
  const fourth = await page(third.next_offset);
  assert.deepEqual(fourth.contacts.map((contact) => contact.id), ['7', '8'], 'read again after the failure');
});
