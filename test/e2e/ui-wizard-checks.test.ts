// "Next" checks the step and shows each problem on its field in words; the address keeps the page and step through a reload and Back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { skipWithoutChromium, startUiSession } from './ui-harness.js';

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { name: new RegExp(`^\\d\\. ${name}$`) }).waitFor();
}

/** A new integration on the demo database, tested, on its Contacts step with the customers table chosen. */
async function openContacts(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByLabel('Integration name').fill('Office CRM');
  await page.getByRole('button', { name: 'Use the demo database' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/^Connected: \d+ tables and views found\.$/).waitFor();
  await page.getByRole('button', { name: 'Next: Contacts' }).click();
  await heading(page, 'Contacts');
  await page.getByLabel('Table or view', { exact: true }).selectOption('customers');
  await page.getByLabel('Key column', { exact: true }).locator('option[value="id"]').waitFor({ state: 'attached' });
}

test('Next on a step without its key column says so on the field, moves focus there and stays', async (t) => {
  if (skipWithoutChromium(t)) return;
  const session = await startUiSession('ui-checks');
  t.after(() => session.close());
  const { page } = session;
  await page.goto(session.adminUrl);
  await openContacts(page);
  await page.getByLabel('Checkpoint column', { exact: true }).selectOption('updated_at');
  await page.getByLabel('Name', { exact: true }).selectOption('first_name');

  await page.getByRole('button', { name: 'Next: Interactions' }).click();
  const key = page.getByLabel('Key column', { exact: true });
  const field = page.locator('.field', { has: key });
  await field.getByText('Choose the column that identifies each contact.').waitFor();
  await session.shot('missing-key', field);
  await heading(page, 'Contacts');
  assert.equal(await key.getAttribute('aria-invalid'), 'true');
  assert.equal(await key.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), true, 'focus is on the key column');
  // The words are tied to the control, for screen readers too.
  const described = (await key.getAttribute('aria-describedby')) ?? '';
  assert.match(await page.locator(`[id="${described.split(' ')[0]}"]`).innerText(), /^Choose the column that identifies each contact\.$/);
  // Nothing on the page reads like a schema.
  assert.doesNotMatch(await page.locator('main').innerText(), /contacts\.key|expected string|\w\[\d+\]\./);

  // Fixed, the problem goes and Next moves on.
  await key.selectOption('id');
  await field.getByText('Choose the column that identifies each contact.').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Next: Interactions' }).click();
  await heading(page, 'Interactions');
});

test('a reload keeps the step and the edits; the browser\'s Back goes to the previous step and page', async (t) => {
  if (skipWithoutChromium(t)) return;
  const session = await startUiSession('ui-routes');
  t.after(() => session.close());
  const { page } = session;
  // The page warns before a reload drops unsaved edits; here the user goes on.
  page.on('dialog', (dialog) => { void dialog.accept(); });
  await page.goto(session.adminUrl);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.match(page.url(), /#\/dashboard$/);
  await openContacts(page);
  assert.match(page.url(), /#\/wizard\/contacts$/);

  await page.reload();
  await heading(page, 'Contacts');
  // The tables arrive after the step opens; the kept choice is selected once its option exists.
  await page.getByLabel('Table or view', { exact: true }).locator('option[value="customers"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Table or view', { exact: true }).inputValue(), 'customers', 'the unsaved edit survives the reload');

  await page.goBack();
  await heading(page, 'Data source');
  assert.equal(await page.getByLabel('Integration name').inputValue(), 'Office CRM');
  assert.match(page.url(), /#\/wizard\/data-source$/);
  await page.goForward();
  await heading(page, 'Contacts');
  await page.goBack();
  await heading(page, 'Data source');
  await page.goBack();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

  // A saved integration's step has an address of its own.
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  await page.getByRole('button', { name: /Interactions$/ }).first().click();
  await heading(page, 'Interactions');
  assert.match(page.url(), /#\/integrations\/demo\/interactions$/);
  await page.reload();
  await heading(page, 'Interactions');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Edit Demo CRM$/);
});

test('the SELECT mode starts from the chosen table, runs once typing pauses, and shows the database\'s own error', async (t) => {
  if (skipWithoutChromium(t)) return;
  const session = await startUiSession('ui-sql');
  t.after(() => session.close());
  const { page } = session;
  await page.goto(session.adminUrl);
  await openContacts(page);
  const reads: string[] = [];
  page.on('request', (request) => { if (request.url().endsWith('/api/introspect/columns')) reads.push(request.postData() ?? ''); });

  await page.getByRole('radio', { name: 'A SELECT query' }).first().check();
  const query = page.getByLabel('SELECT query', { exact: true });
  assert.equal(await query.inputValue(), 'select * from customers');
  await query.press('End');
  await query.pressSequentially(' where nope = 1');
  await page.getByText('The database refused the query: no such column: nope').first().waitFor();
  await session.shot('sql-error', query);
  assert.doesNotMatch(await page.locator('main').innerText(), /select \* from customers where nope = 1 - |SQLITE_ERROR/);
  // One read for the typed query, not one per keystroke (15 of them).
  const typed = reads.filter((body) => body.includes('where nope'));
  assert.ok(typed.length >= 1 && typed.length <= 2, `${typed.length} reads: ${typed.join(' | ')}`);
  assert.ok(reads.every((body) => !body.includes('where nope =') || body.includes('where nope = 1')), 'no half-typed query was run');
});
