// The wizard on MariaDB at 127.0.0.1:3306: a wrong password shows the connector's human message; the whole run ends with a copied configuration.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { createConnector } from '../../connectors/index.js';
import { fixtureContacts } from '../support/contact-fixture.js';
import { openTestDatabaseOrReason, type TestDatabase } from '../support/databases.js';
import { skipWithoutChromium, startUiSession } from './ui-harness.js';
import { walkWizard } from './ui-wizard-flow.js';

let database: TestDatabase | undefined;
let unavailable = '';

before(async () => {
  try {
    await createConnector({ dialect: 'mysql', host: '127.0.0.1', database: 'x', queryTimeoutMs: 1000, pool: { max: 1 } }).close();
  } catch (error) {
    unavailable = `the MySQL connector is not in connectors/index.ts yet: ${(error as Error).message}`;
    return;
  }
  const opened = await openTestDatabaseOrReason('mysql');
  if ('unavailable' in opened) unavailable = opened.unavailable;
  else database = opened.database;
});
after(() => database?.drop());

function skipWithoutMariadb(t: TestContext): boolean {
  if (skipWithoutChromium(t)) return true;
  if (database) return false;
  if (process.env.DESKBRIDGE_REQUIRE_SERVICES === '1') throw new Error(`${unavailable} (DESKBRIDGE_REQUIRE_SERVICES=1)`);
  t.skip(unavailable);
  return true;
}

async function fillServer(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel('Database type').selectOption('mysql');
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill('3306');
  await page.getByLabel('Database', { exact: true }).fill(name);
  await page.getByLabel('User').fill('root');
  await page.getByLabel('Password').fill(password);
}

test('a wrong MariaDB password shows the human message, and the whole wizard then completes', async (t) => {
  if (skipWithoutMariadb(t)) return;
  const name = database!.config.database!;
  const session = await startUiSession('ui-mariadb');
  t.after(() => session.close());
  const { page } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByLabel('Integration name').fill('Shop MariaDB');
  await fillServer(page, name, 'certainly-wrong');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('alert').getByText('MySQL refused the user "root" or its password: check both.').waitFor();
  await session.shot('0-wrong-password', page.getByRole('alert'));
  await page.getByLabel('Password').fill('');

  const first = fixtureContacts('mysql')[0]!;
  const configuration = await walkWizard(session, {
    displayName: 'Shop MariaDB', id: 'shop-mariadb',
    fillDataSource: async () => {},
    contacts: { table: 'contacts', key: 'id', checkpoint: 'updated_at', name: '{name}', phone: 'phone', email: 'email' },
    accessWarning: /is root, or holds SUPER and can change every table/,
    interaction: { type: 'call', table: 'interactions', contactKey: 'contact_id', id: 'id', subject: 'kind', date: 'created_at', previewContact: String(first.id) },
  });
  assert.equal(configuration.integration.name, 'shop_mariadb');
  assert.deepEqual(configuration.integration.interaction_types, ['call']);
  const saved = session.bridge.bridge.context.profile().integrations.find((integration) => integration.id === 'shop-mariadb');
  assert.equal(saved?.connection.dialect, 'mysql');
  assert.equal(saved?.connection.password, undefined, 'no password was typed, so none is referenced');
});
