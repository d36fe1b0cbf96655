// Editing a mapping updates the preview and is never lost silently; the request log shows a replayed call; a diagnostics bundle downloads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

let session: UiSession | undefined;
before(async () => {
  // Without chromium each test skips visibly (or fails when services are required).
  if (!existsSync(CHROMIUM)) return;
  session = await startUiSession('ui-dashboard');
});
after(() => session?.close());

test('editing the name template updates the live preview, and leaving asks first', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  await page.getByRole('button', { name: 'Next: Contacts' }).click();
  const preview = page.getByTestId('contact-preview');
  await preview.getByText('Ana Silva').waitFor();
  await page.getByLabel('Name template', { exact: true }).fill('{last_name}, {first_name}');
  await preview.getByText('Silva, Ana').waitFor();
  await session.shot('1-edited-preview', preview);

  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); void dialog.dismiss(); });
  await page.getByRole('button', { name: 'Dashboard' }).click();
  assert.match(asked, /unsaved changes/);
  // The save bar says what is not saved: the step that changed.
  await page.getByText('Not saved: your changes to Contacts').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('All changes saved').waitFor();
  assert.equal(session.bridge.bridge.context.profile().integrations[0]!.contacts.fields.name, '{last_name}, {first_name}');
});

test('a call in the request log opens with its body and can be replayed', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  await bridge.post('/interactions', { auth: { api_key: await bridge.key() }, data: { contact_external_id: '157' } });
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const log = page.getByTestId('request-log');
  await log.getByText('demo / interactions').first().waitFor();
  const before = await log.locator('tbody tr').count();
  await log.getByRole('button', { name: /^Open request \d+$/ }).first().click();
  await page.getByText('"contact_external_id": "157"').waitFor();
  await page.getByRole('button', { name: 'Replay this call' }).click();
  await page.getByTestId('replay-result').getByText(/Replayed: answered 200 in \d+ ms/).waitFor();
  await log.locator('tbody tr').nth(before).waitFor();
  assert.equal(await log.locator('tbody tr').count(), before + 1);
  await session.shot('2-replayed', page.getByTestId('replay-result'));
});

test('an action that may have been written is marked in the request log and its detail', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  bridge.bridge.context.requestLog.add({
    at: new Date().toISOString(), integration: 'demo', endpoint: 'actions', method: 'POST', path: '/integrations/demo/actions/log_call',
    status: 502, durationMs: 1500, errorCode: 'outcome_unknown', writeOutcome: 'unknown', body: { meta: {}, data: { subject: 'Lost' } },
  });
  await bridge.bridge.context.requestLog.flush();
  await page.goto(session.adminUrl);
  const log = page.getByTestId('request-log');
  const mark = log.getByTestId('write-outcome').first();
  await mark.waitFor();
  assert.equal((await mark.textContent())?.trim(), 'may have been written');
  await log.getByRole('button', { name: /^Open request \d+$/ }).first().click();
  await page.getByTestId('detail-write-outcome').getByText(/check the record before trying again/).waitFor();
  await session.shot('3-may-have-been-written', log);
});

test('"Create diagnostics bundle" downloads the zip and says where it was saved and which checks failed', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page } = session;
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Create diagnostics bundle' }).click();
  const file = await downloaded;
  assert.match(file.suggestedFilename(), /^deskbridge-diagnostics-\d{8}-\d{6}\.zip$/);
  const zip = readFileSync(await file.path());
  assert.equal(zip.subarray(0, 2).toString(), 'PK', 'a zip file');
  await page.getByTestId('diagnostics').getByText(/Bundle saved as .*deskbridge-diagnostics-.*\.zip \(credentials removed\)/).waitFor();
  await session.shot('4-diagnostics', page.getByTestId('diagnostics'));
});
