// The whole wizard on the SQLite demo database, from a fresh data directory to a copied Talkdesk configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoDatabasePath } from '../../bridge/paths.js';
import { skipWithoutChromium, startUiSession } from './ui-harness.js';
import { walkWizard } from './ui-wizard-flow.js';

test('a new SQLite integration goes from an empty wizard to a copied Talkdesk configuration', async (t) => {
  if (skipWithoutChromium(t)) return;
  const session = await startUiSession('ui-sqlite');
  t.after(() => session.close());
  const { page } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.ok(!page.url().includes('token='), 'the token leaves the address bar');
  await session.shot('0-dashboard');
  await page.getByRole('button', { name: 'Add an integration' }).click();

  const configuration = await walkWizard(session, {
    displayName: 'Office CRM', id: 'office-crm',
    fillDataSource: async () => {
      await page.getByRole('button', { name: 'Use the demo database' }).click();
      assert.equal(await page.getByLabel('Database file').inputValue(), demoDatabasePath(session.bridge.dataDir));
    },
    contacts: { table: 'customers', key: 'id', checkpoint: 'updated_at', name: '{first_name} {last_name}', phone: 'phone', email: 'email' },
    interaction: { type: 'ticket', table: 'tickets', contactKey: 'customer_id', id: 'id', subject: 'subject', date: 'created_at', previewContact: '1' },
    accessWarning: /can change this SQLite file, and no action of this integration writes to it/,
    action: { table: 'notes', values: [['customer_id', 'The contact\'s id'], ['subject', 'Input: Subject'], ['created_at', 'Now (when the action runs)']], contact: '1' },
  });

  assert.equal(configuration.integration.name, 'office_crm');
  assert.match(configuration.integration.contact_synchronization_endpoint, /\/integrations\/office-crm\/contacts$/);
  assert.deepEqual(configuration.integration.interaction_types, ['ticket']);
  assert.equal(configuration.actions[0].name, 'log_call');
  const saved = session.bridge.bridge.context.profile().integrations.find((integration) => integration.id === 'office-crm');
  assert.equal(saved?.contacts.fields.name, '{first_name} {last_name}');
  // The values picked in words are the templates an expert would have typed.
  assert.deepEqual(saved?.actions[0]?.insert.values, { customer_id: '{meta.contact_external_id}', subject: '{data.subject}', created_at: '{now}' });
});
