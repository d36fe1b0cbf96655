// From a fresh data directory to a copied Talkdesk configuration on a MariaDB CRM of this test's own, by accepting the
// proposal; and on a SQLite CRM of its own, the time zone proposed after the connection test and agents left out for want of an e-mail.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import knexFactory from 'knex';
import type { Locator } from 'playwright-core';
import { normalizePhone } from '../../bridge/mapping/phone.js';
import { openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { SCHEMA_CASES, buildSchema } from '../support/propose-schemas.js';
import { makeTempDir } from '../support/temp-dir.js';
import { skipWithoutChromium, startUiSession } from './ui-harness.js';

const CRM = SCHEMA_CASES.find((item) => item.name.startsWith('Messy'))!;
let database: TestDatabase | undefined;
let unavailable = '';

before(async () => {
  const opened = await openTestDatabaseOrReason('mysql');
  if ('unavailable' in opened) { unavailable = opened.unavailable; return; }
  database = opened.database;
  const { host, port, user, database: name } = database.config;
  const loader = knexFactory({ client: 'mysql2', connection: { host, port, user, database: name }, pool: { min: 0, max: 1 } });
  try {
    // Only this CRM's tables: not the connector fixture the throwaway database comes with.
    await loader.raw('drop view contacts_view');
    await loader.schema.dropTable('interactions').dropTable('contacts');
    await buildSchema(loader, 'mysql', CRM.tables);
  } finally {
    await loader.destroy();
  }
});
after(() => database?.drop());

function skipWithoutMariadb(t: TestContext): boolean {
  if (skipWithoutChromium(t)) return true;
  if (database) return false;
  if (process.env.DESKBRIDGE_REQUIRE_SERVICES === '1') throw new Error(`${unavailable} (DESKBRIDGE_REQUIRE_SERVICES=1)`);
  t.skip(unavailable);
  return true;
}

test('a MariaDB CRM goes from connected to a copied configuration by accepting the proposal, in at most 15 clicks', async (t) => {
  if (skipWithoutMariadb(t)) return;
  const session = await startUiSession('ui-propose');
  t.after(() => session.close());
  const { page } = session;
  let clicks = 0;
  const click = async (target: Locator) => { clicks += 1; await target.click(); };
  const step = async (name: string) => page.getByRole('heading', { name: new RegExp(`^\\d\\. ${name}$`) }).waitFor();
  // Each step at 1024×700 (the harness's window) and at 1440×900.
  const shots = async (name: string, focus?: Locator) => {
    await session.shot(name, focus);
    await page.setViewportSize({ width: 1440, height: 900 });
    await session.shot(`${name}-1440`, focus);
    await page.setViewportSize({ width: 1024, height: 700 });
  };

  await page.goto(session.adminUrl);
  await click(page.getByRole('button', { name: 'New integration' }));
  clicks += 1;
  await page.getByLabel('Database type').selectOption('mysql');
  // The connection details are the only typing.
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill('3306');
  await page.getByLabel('Database', { exact: true }).fill(database!.config.database!);
  await page.getByLabel('User').fill('root');
  await click(page.getByRole('button', { name: 'Test connection' }));
  await page.getByText(/^Connected: \d+ tables and views found\.$/).waitFor();
  await click(page.getByRole('button', { name: 'Propose the mapping' }));
  await page.getByText(/Every step is filled in with the proposal/).waitFor();
  await shots('1-data-source', page.getByText(/Every step is filled in/));

  await click(page.getByRole('button', { name: 'Next: Contacts' }));
  await step('Contacts');
  // The columns arrive after the step opens; the proposed key is selected once its option exists.
  await page.getByLabel('Key column', { exact: true }).locator('option[value="id"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Key column', { exact: true }).inputValue(), 'id');
  assert.equal(await page.getByLabel('Name template', { exact: true }).inputValue(), '{fname} {lname}');
  await page.getByTestId('contact-preview').locator('tbody tr').first().waitFor();
  // The checkpoint is a guess worth a look: its mark says so and, on focus, why.
  const checkpointMark = page.locator('.field', { has: page.getByLabel('Checkpoint column', { exact: true }) }).getByTestId('proposed-mark');
  assert.equal(await checkpointMark.innerText().then((text) => text.split('\n')[0]), 'proposed: check');
  await checkpointMark.focus();
  await page.getByRole('tooltip').filter({ hasText: /may not move when a contact is edited/ }).waitFor();
  await shots('2-contacts', checkpointMark);
  // A reload keeps the unsaved draft and the proposal's marks with their reasons (the page asks first; the user goes on).
  page.once('dialog', (dialog) => { void dialog.accept(); });
  await page.reload();
  await step('Contacts');
  await page.getByLabel('Key column', { exact: true }).locator('option[value="id"]').waitFor({ state: 'attached' });
  assert.equal(await checkpointMark.innerText().then((text) => text.split('\n')[0]), 'proposed: check', 'the mark survives the reload');
  await checkpointMark.focus();
  await page.getByRole('tooltip').filter({ hasText: /may not move when a contact is edited/ }).waitFor();
  // A wide preview keeps its Problems column in view at 1024 pixels.
  const problemsHeader = page.getByTestId('contact-preview').getByRole('columnheader', { name: 'Problems' });
  await problemsHeader.scrollIntoViewIfNeeded();
  const header = await problemsHeader.boundingBox();
  assert.ok(header && header.x >= 0 && header.x + header.width <= 1024, JSON.stringify(header));
  await shots('2-contacts-preview', page.getByTestId('contact-preview'));
  await click(page.getByRole('button', { name: 'Accept the proposed contacts' }));

  await step('Interactions');
  // Each type's preview opens on a contact the proposal found rows for, without asking.
  await page.getByTestId('interaction-preview').first().locator('tbody tr').first().waitFor();
  const statusValues = page.locator('.found-values').first();
  assert.deepEqual(await statusValues.locator('tbody tr td:first-child').allInnerTexts(), ['O', 'C', 'H', 'P']);
  assert.equal(await page.getByLabel('"O" becomes').first().inputValue(), 'open');
  assert.equal(await page.getByLabel('"H" becomes').first().inputValue(), 'pending');
  await shots('3-interactions', statusValues);
  // The last control of a long step, reached by keyboard, stops above the sticky save bar.
  const last = page.getByRole('button', { name: 'Add an interaction type' });
  await last.focus();
  const [lastBox, barBox] = [await last.boundingBox(), await page.locator('.save-bar').boundingBox()];
  assert.ok(lastBox && barBox && lastBox.y + lastBox.height <= barBox.y, `${JSON.stringify(lastBox)} ${JSON.stringify(barBox)}`);
  await click(page.getByRole('button', { name: 'Accept the proposed interactions' }));

  await step('Actions');
  // Agents come proposed from the users table; a preview shows them as Talkdesk gets them.
  // The tables arrive after the step opens; the proposed one is selected once its option exists.
  await page.getByLabel('Table or view', { exact: true }).locator('option[value="users"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Table or view', { exact: true }).inputValue(), 'users');
  await click(page.getByRole('button', { name: 'Preview agents' }));
  const agents = page.getByTestId('agents-preview');
  await agents.locator('tbody tr').first().waitFor();
  assert.match(await agents.locator('tbody').innerText(), /u0@office\.example/);
  // The proposed action's dry run starts on a contact the proposal found rows for, without asking; nothing is written.
  const dryRunContact = await page.getByLabel('Contact key (its id in your database)').first().inputValue();
  assert.notEqual(dryRunContact, '');
  const dryRunRow = JSON.parse(await page.getByTestId('dry-run-row').first().innerText()) as Record<string, unknown>;
  assert.ok(Object.values(dryRunRow).map(String).includes(dryRunContact), JSON.stringify(dryRunRow));
  await shots('4-actions', agents);
  await click(page.getByRole('button', { name: 'Accept the proposed actions and agents' }));

  await step('Security');
  // Creating the key saves the new integration first, saying so: no separate save.
  await click(page.getByRole('button', { name: 'Save and create API key' }));
  await page.getByText('The integration was saved so that its key could be made.').waitFor();
  const key = await page.getByLabel('New API key').inputValue();
  assert.match(key, /^dbk_/);
  await shots('5-security');
  await click(page.getByRole('button', { name: 'Next: Go live' }));
  await step('Go live');
  await click(page.getByRole('button', { name: 'Copy configuration' }));
  await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
  await shots('6-go-live');
  const configuration = JSON.parse(await session.clipboard());
  t.diagnostic(`clicks from "New integration" to a copied configuration: ${clicks}`);
  assert.ok(clicks <= 15, `${clicks} clicks`);

  // The integration the proposal made answers Talkdesk: a sync with every client, a lookup by phone with their cases.
  const saved = session.bridge.bridge.context.profile().integrations.find((integration) => integration.connection.database === database!.config.database)!;
  assert.deepEqual(configuration.integration.interaction_types.sort(), ['call_log', 'case']);
  const auth = { api_key: key };
  const sync = await session.bridge.post('/contacts', { auth }, { integration: saved.id });
  assert.equal(sync.status, 200);
  assert.equal(sync.body.contacts.length, 60);
  const first = sync.body.contacts.find((contact: { id: string }) => contact.id === '1');
  assert.deepEqual({ name: first.name, phones: first.phones }, { name: 'Ann Ray', phones: ['+14158675309', '+12125550147'] });
  const lookup = await session.bridge.post('/interactions', { auth, data: { contact_phones: [normalizePhone('(415) 867-5309', 'US')!] } }, { integration: saved.id });
  assert.equal(lookup.status, 200);
  const cases = lookup.body.filter((item: { type: string }) => item.type === 'case');
  // Clients 1, 6, 11… hold that number; each has one case, whose status O reads as open.
  assert.equal(cases.length, 12);
  assert.ok(cases.every((item: { status?: string; subject: string }) => item.subject === 'Help' && ['open', 'closed', 'pending'].includes(item.status ?? '')));
  assert.equal(cases.find((item: { id: string }) => item.id === '1')?.status, 'open');
});

/** A small SQLite CRM: customers, and staff of whom two have no e-mail; `alias` is empty in every row. */
async function staffCrm(t: TestContext): Promise<string> {
  const dir = makeTempDir('deskbridge-staff-');
  t.after(() => dir.remove());
  const filename = path.join(dir.path, 'office.sqlite');
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  try {
    await knex.schema.createTable('customers', (table) => {
      table.integer('id').primary(); table.text('name'); table.text('phone'); table.text('updated_at');
    });
    await knex('customers').insert([1, 2, 3].map((id) => ({ id, name: `Customer ${id}`, phone: `+1415555010${id}`, updated_at: `2026-11-0${id} 09:30:00` })));
    await knex.schema.createTable('staff', (table) => {
      table.integer('id').primary(); table.text('full_name'); table.text('email'); table.text('alias');
    });
    await knex('staff').insert([
      { id: 1, full_name: 'Ann Ray', email: 'ann@office.example' },
      { id: 2, full_name: 'Bo Chen', email: null },
      { id: 3, full_name: 'Cy Diaz', email: 'cy@office.example' },
      { id: 4, full_name: 'Di Eng', email: '' },
      { id: 5, full_name: 'Ed Fox', email: 'ed@office.example' },
    ]);
  } finally {
    await knex.destroy();
  }
  return filename;
}

test('on SQLite the zone proposed is this computer\'s, said so, and kept by the proposal; agents without an e-mail are counted', async (t) => {
  if (skipWithoutChromium(t)) return;
  // The bridge runs in this process: its computer's zone is this process's (the browser's stays UTC, so the bridge's wins).
  const zone = process.env.TZ;
  process.env.TZ = 'America/Chicago';
  t.after(() => { if (zone === undefined) delete process.env.TZ; else process.env.TZ = zone; });
  const filename = await staffCrm(t);
  const session = await startUiSession('ui-zone-agents');
  t.after(() => session.close());
  const { page } = session;
  const zoneField = page.getByLabel('Time zone of the database\'s dates');

  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByLabel('Integration name').fill('Staff CRM');
  await page.getByLabel('Database type').selectOption('sqlite');
  await page.getByLabel('Database file').fill(filename);
  assert.equal(await zoneField.inputValue(), '');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/^Connected: \d+ tables and views found\.$/).waitFor();
  // SQLite names no zone: this computer's is proposed, with where it came from and how to change it.
  assert.equal(await zoneField.inputValue(), 'America/Chicago');
  assert.match(await page.getByTestId('zone-proposal').innerText(), /^Time zone set to America\/Chicago, this computer's zone .*change the field above\.$/);
  await session.shot('1-zone-proposed', page.getByTestId('zone-proposal'));

  // The mapping proposal keeps the tested connection's zone.
  await page.getByRole('button', { name: 'Propose the mapping' }).click();
  await page.getByText(/Every step is filled in with the proposal/).waitFor();
  assert.equal(await zoneField.inputValue(), 'America/Chicago');

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Actions/ }).click();
  await page.getByRole('heading', { name: /^\d\. Actions$/ }).waitFor();
  const agentsCard = page.getByRole('region', { name: /^Agents/ });
  await agentsCard.getByLabel('Table or view', { exact: true }).locator('option[value="staff"]').waitFor({ state: 'attached' });
  assert.equal(await agentsCard.getByLabel('Table or view', { exact: true }).inputValue(), 'staff');
  await agentsCard.getByRole('button', { name: 'Preview agents' }).click();
  const leftOut = agentsCard.locator('.notice-warn');
  await leftOut.waitFor();
  assert.match(await leftOut.innerText(), /^2 of these 5 agents have no e-mail .*Talkdesk matches agents by their e-mail\.$/);
  assert.deepEqual(await page.getByTestId('agents-preview').locator('tbody td:nth-child(3)').allInnerTexts(), ['ann@office.example', 'cy@office.example', 'ed@office.example']);
  await session.shot('2-agents-left-out', leftOut);

  // No row has an e-mail in this column: all five are said to be left out, not "no agents in this table".
  await agentsCard.getByLabel('Agent e-mail', { exact: true }).selectOption('alias');
  await agentsCard.getByRole('button', { name: 'Preview agents' }).click();
  await agentsCard.locator('.notice-warn').filter({ hasText: /^None of these 5 agents has an e-mail .*Talkdesk matches agents by their e-mail\.$/ }).waitFor();
  assert.equal(await page.getByTestId('agents-preview').count(), 0);
  assert.doesNotMatch(await agentsCard.innerText(), /No agents in this table/);
  await session.shot('3-agents-none-with-e-mail', agentsCard.locator('.notice-warn'));
});

test('a saved integration\'s zone does not change on a connection test: this computer\'s is offered instead', async (t) => {
  if (skipWithoutChromium(t)) return;
  const zone = process.env.TZ;
  process.env.TZ = 'America/Chicago';
  t.after(() => { if (zone === undefined) delete process.env.TZ; else process.env.TZ = zone; });
  const session = await startUiSession('ui-zone-saved');
  t.after(() => session.close());
  const { page } = session;
  const zoneField = page.getByLabel('Time zone of the database\'s dates');

  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  await page.getByRole('heading', { name: /^\d\. Data source$/ }).waitFor();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/^Connected: \d+ tables and views found\.$/).waitFor();
  // The demo integration reads its dates as UTC; the test leaves that alone and offers the zone with one click.
  assert.equal(await zoneField.inputValue(), '');
  assert.match(await page.getByTestId('zone-proposal').innerText(), /reads dates stored without a zone as UTC\. Proposed: America\/Chicago, this computer's zone .*choose "Use this computer's zone" above/);
  await session.shot('offered', page.getByTestId('zone-proposal'));
  await page.getByRole('button', { name: 'Use this computer\'s zone (America/Chicago)' }).click();
  assert.equal(await zoneField.inputValue(), 'America/Chicago');
  await page.getByTestId('zone-proposal').waitFor({ state: 'detached' });
  // Choosing the zone keeps the test's result: the mapping can still be proposed without testing again.
  await page.getByRole('button', { name: 'Propose the mapping' }).waitFor();
});
