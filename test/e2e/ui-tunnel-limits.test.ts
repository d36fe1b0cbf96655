// The UI says what localtunnel cannot do: its 10 relay sockets under attack, and no IP allow-list through it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { startLocaltunnelRelay, type LocaltunnelRelay } from '../support/localtunnel-relay.js';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

let session: UiSession | undefined;
let relay: LocaltunnelRelay | undefined;
before(async () => {
  if (!existsSync(CHROMIUM)) return;
  session = await startUiSession('ui-tunnel-limits');
  relay = await startLocaltunnelRelay();
});
after(async () => {
  await session?.close();
  await relay?.stop();
});

test('with localtunnel, the Go live page explains its 10 relay sockets, and the allow-list is blocked with the reason', async (t) => {
  if (skipWithoutChromium(t) || !session || !relay) return;
  const { page, bridge } = session;
  await bridge.bridge.context.replaceProfile({ ...bridge.bridge.context.profile(), tunnel: { provider: 'localtunnel', host: relay.url } });
  await page.goto(session.adminUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Go live' }).click();
  await page.getByText(/Its client also keeps only 10 connections to the relay/).waitFor();
  await session.shot('1-localtunnel-limits', page.getByText(/Its client also keeps only 10 connections/));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
  await page.getByRole('button', { name: 'Edit Demo CRM' }).click();
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Security$/ }).click();
  await page.getByText(/An IP allow-list cannot be used with localtunnel/).waitFor();
  assert.equal(await page.getByLabel('Allowed source addresses (optional)').getAttribute('readonly'), '');
  await session.shot('2-allow-list-blocked', page.getByText(/An IP allow-list cannot be used/));
});
