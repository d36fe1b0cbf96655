// The wizard says what localtunnel cannot do: its 10 relay sockets under attack, and no IP allow-list through it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

let session: UiSession | undefined;
before(async () => {
  if (!existsSync(CHROMIUM)) return;
  session = await startUiSession('ui-tunnel-limits');
});
after(() => session?.close());

test('choosing localtunnel explains its 10 relay sockets, and the allow-list is blocked with the reason', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page } = session;
  await page.goto(session.adminUrl);
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  await steps.getByRole('button', { name: /Go live$/ }).click();
  await page.getByLabel('Tunnel type').selectOption('localtunnel');
  await page.getByText(/Its client keeps only 10 connections to the relay/).waitFor();
  await session.shot('1-localtunnel-limits', page.getByText(/Its client keeps only 10 connections/));
  await steps.getByRole('button', { name: /Security$/ }).click();
  await page.getByText(/An IP allow-list cannot be used with localtunnel/).waitFor();
  assert.equal(await page.getByLabel('Allowed source addresses (optional)').getAttribute('readonly'), '');
  await session.shot('2-allow-list-blocked', page.getByText(/An IP allow-list cannot be used/));
});
