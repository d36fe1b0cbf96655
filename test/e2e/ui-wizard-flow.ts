// The wizard walked as a user would, from an empty form to a copied Talkdesk configuration; shared by the dialect runs.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { UiSession } from './ui-harness.js';

export interface WizardPlan {
  displayName: string;
  id: string;
  fillDataSource(page: Page): Promise<void>;
  contacts: { table: string; key: string; checkpoint: string; name: string; phone: string; email: string };
  interaction: { type: string; table: string; contactKey: string; id: string; subject: string; date: string; previewContact: string };
  /** A table and columns for an action with a dry run, when the database has one to write: each column with the value chosen for it, as the picker words it. */
  action?: { table: string; values: Array<[string, string]>; contact: string };
  /** The warning the connection test shows about the database user's rights, when it shows one. */
  accessWarning?: RegExp;
}

async function pick(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).selectOption(value);
}

async function next(page: Page, step: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${step}` }).click();
  await page.getByRole('heading', { name: new RegExp(`^\\d\\. ${step}$`) }).waitFor();
}

async function mapContacts(session: UiSession, plan: WizardPlan): Promise<void> {
  const { page } = session;
  const contacts = plan.contacts;
  await pick(page, 'Table or view', contacts.table);
  await page.getByLabel('Key column', { exact: true }).locator(`option[value="${contacts.key}"]`).waitFor({ state: 'attached' });
  await pick(page, 'Key column', contacts.key);
  await pick(page, 'Checkpoint column', contacts.checkpoint);
  await pick(page, 'Name', '__template__');
  await page.getByLabel('Name template', { exact: true }).fill(contacts.name);
  await pick(page, 'Phones 1', contacts.phone);
  await pick(page, 'E-mails 1', contacts.email);
  const preview = page.getByTestId('contact-preview');
  await preview.locator('tbody tr').first().waitFor();
  assert.match(await preview.locator('tbody').innerText(), /\+\d{6,}/, 'the preview shows phones in E.164');
  await session.shot('2-contacts', preview);
}

async function mapInteraction(session: UiSession, plan: WizardPlan): Promise<void> {
  const { page } = session;
  const interaction = plan.interaction;
  await page.getByRole('button', { name: 'Add an interaction type' }).click();
  await page.getByLabel('Type name', { exact: true }).fill(interaction.type);
  await pick(page, 'Table or view', interaction.table);
  await page.getByLabel("Column holding the contact's key", { exact: true }).locator(`option[value="${interaction.contactKey}"]`).waitFor({ state: 'attached' });
  await pick(page, "Column holding the contact's key", interaction.contactKey);
  await pick(page, 'Id', interaction.id);
  await pick(page, 'Subject', interaction.subject);
  await pick(page, 'Date', interaction.date);
  await page.getByLabel('Preview for the contact with key').fill(interaction.previewContact);
  await page.getByRole('button', { name: 'Preview interactions' }).click();
  await page.getByTestId('interaction-preview').locator('tbody tr').first().waitFor();
  await session.shot('3-interactions', page.getByTestId('interaction-preview'));
}

async function addAction(session: UiSession, action: NonNullable<WizardPlan['action']>): Promise<void> {
  const { page } = session;
  await page.getByRole('button', { name: 'Add an action' }).click();
  await page.getByLabel('Name', { exact: true }).fill('log_call');
  await page.getByLabel('Shown as', { exact: true }).fill('log a call');
  await page.getByRole('button', { name: 'Add an input' }).click();
  await page.getByLabel('Input 1 key').fill('subject');
  await page.getByLabel('Input 1 label').fill('Subject');
  await page.getByLabel('Mandatory').check();
  await pick(page, 'Table it inserts into', action.table);
  // Columns from the table's own, values picked in words: no template syntax.
  for (const [index, [column, choice]] of action.values.entries()) {
    await page.getByRole('button', { name: 'Add a column' }).click();
    await page.getByLabel(`Column ${index + 1}`, { exact: true }).locator(`option[value="${column}"]`).waitFor({ state: 'attached' });
    await pick(page, `Column ${index + 1}`, column);
    await page.getByLabel(`Value ${index + 1}`, { exact: true }).selectOption({ label: choice });
  }
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByText('Missing mandatory input: subject.').waitFor();
  await page.getByLabel('Contact key (its id in your database)').fill(action.contact);
  await page.getByLabel('Subject (mandatory)').fill('Called about the refund');
  await page.getByRole('button', { name: 'Dry run' }).click();
  const row = JSON.parse(await page.getByTestId('dry-run-row').innerText()) as Record<string, unknown>;
  assert.equal(row.subject, 'Called about the refund');
  await session.shot('4-actions', page.getByTestId('dry-run-row'));
}

/** Walks all six steps; returns the Talkdesk configuration the user copied. */
export async function walkWizard(session: UiSession, plan: WizardPlan): Promise<any> {
  const { page } = session;
  await page.getByLabel('Integration name').fill(plan.displayName);
  assert.equal(await page.getByLabel('Integration id').inputValue(), plan.id);
  await plan.fillDataSource(page);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/^Connected: \d+ tables and views found\.$/).waitFor();
  const warning = plan.accessWarning ? page.getByText(plan.accessWarning) : undefined;
  await warning?.waitFor();
  // Centred, so the page's fixed footer does not cover it in the screenshot.
  await warning?.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await session.shot('1-data-source');
  await next(page, 'Contacts');
  await mapContacts(session, plan);
  await next(page, 'Interactions');
  await mapInteraction(session, plan);
  await next(page, 'Actions');
  if (plan.action) await addAction(session, plan.action);
  await next(page, 'Security');
  // A new integration is saved by creating its key, and the page says so.
  await page.getByText('creating a key saves it first').waitFor();
  await page.getByRole('button', { name: 'Save and create API key' }).click();
  await page.getByText('The integration was saved so that its key could be made.').waitFor();
  await page.getByText('All changes saved').waitFor();
  const key = await page.getByLabel('New API key').inputValue();
  assert.match(key, /^dbk_/);
  await page.getByRole('button', { name: 'Copy key' }).click();
  await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
  assert.equal(await session.clipboard(), key);
  await session.shot('5-security');
  await next(page, 'Go live');
  await page.getByRole('button', { name: 'Run the self-test' }).click();
  const checks = page.getByTestId('self-test');
  await checks.waitFor();
  assert.equal(await checks.locator('li.ok').count(), 3, await checks.innerText());
  await page.getByRole('button', { name: 'Copy configuration' }).click();
  await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
  await session.shot('6-go-live', checks);
  return JSON.parse(await session.clipboard());
}
