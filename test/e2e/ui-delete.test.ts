// Deleting an integration from its editor: a confirmation that says what goes, then the dashboard without it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipWithoutChromium, startUiSession } from './ui-harness.js';

test('an integration is deleted with its keys after a confirmation; dismissing keeps it', async (t) => {
  if (skipWithoutChromium(t)) return;
  const session = await startUiSession('ui-delete');
  t.after(() => session.close());
  const { page } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); void dialog.dismiss(); });
  await page.getByRole('button', { name: 'Delete this integration' }).click();
  assert.match(asked, /Delete "Demo CRM" and all its API keys\? .*cannot be undone/);
  assert.equal(session.bridge.bridge.context.profile().integrations.length, 1, 'dismissed: nothing deleted');
  page.once('dialog', (dialog) => { void dialog.accept(); });
  await page.getByRole('button', { name: 'Delete this integration' }).click();
  await page.getByRole('button', { name: 'Dashboard', exact: true }).and(page.locator('.current')).waitFor();
  await session.shot('1-after-delete');
  assert.equal(session.bridge.bridge.context.profile().integrations.length, 0);
  assert.deepEqual(await session.bridge.bridge.context.apiKeys.list('demo'), []);
  assert.equal(await page.getByRole('button', { name: 'Edit Demo CRM' }).count(), 0);
});
