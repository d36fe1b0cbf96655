// A fresh bridge's dashboard: the first-run page, calls appearing without reload (marked when the bridge made them), and an action's replay asking first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { CHROMIUM, skipWithoutChromium, startUiSession, type UiSession } from './ui-harness.js';

let session: UiSession | undefined;
before(async () => {
  if (!existsSync(CHROMIUM)) return;
  session = await startUiSession('ui-dashboard-live');
});
after(() => session?.close());

/** The newest logged call's id, as the admin API says. */
async function newestId(target: UiSession): Promise<number> {
  await target.bridge.bridge.context.requestLog.flush();
  const [entry] = await target.bridge.bridge.context.requestLog.list({ limit: 1 });
  return entry!.id;
}

test('the first run says what to do next, and a sample call with the demo key ends it without reload', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page } = session;
  await page.goto(session.adminUrl);
  const firstRun = page.getByTestId('first-run');
  await firstRun.getByRole('heading', { name: 'Welcome: what to do next' }).waitFor();
  await firstRun.getByRole('button', { name: 'Connect your database' }).waitFor();
  await firstRun.getByRole('button', { name: 'Make a demo key and a sample call' }).click();
  const command = (await page.getByTestId('sample-call').locator('pre').textContent()) ?? '';
  await session.shot('1-first-run', firstRun);
  // The command as a terminal would send it: the URL and the body between the quotes.
  const url = /POST (\S+)/.exec(command)?.[1];
  const body = /-d '(.+)'$/.exec(command)?.[1];
  assert.ok(url && body, command);
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(answer.status, 200);
  await firstRun.waitFor({ state: 'detached' });
  await page.getByTestId('request-log').getByText('demo / interactions').waitFor();
});

test('a call made after the page opened appears in the request log without reload', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  await page.goto(session.adminUrl);
  const log = page.getByTestId('request-log');
  await log.waitFor();
  await bridge.post('/agents', { auth: { api_key: await bridge.key() }, meta: {} });
  const id = await newestId(session);
  await log.getByRole('button', { name: `Open request ${id}`, exact: true }).waitFor();
  await session.shot('2-live-call', log);
  // The charts of the last hour count it too.
  const charts = page.getByTestId('charts');
  await charts.getByRole('img', { name: /^Requests per minute: last hour, busiest minute [1-9]/ }).waitFor();
  await charts.getByRole('img', { name: /^p95 latency: last hour, slowest minute [\d.]+ ms/ }).waitFor();
  await session.shot('2-charts', charts);
});

test('failed calls show by error code, and contact syncs per hour, in pictures', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  await bridge.post('/contacts', { auth: { api_key: 'not a key' } });
  await bridge.post('/contacts', { auth: { api_key: await bridge.key() } });
  await bridge.bridge.context.requestLog.flush();
  await page.goto(session.adminUrl);
  await page.getByTestId('charts').getByRole('img', { name: /^Errors by code: last hour, [1-9]\d* failed calls?: unauthorized [1-9]/ }).waitFor();
  const syncs = page.getByTestId('sync-chart');
  await syncs.getByRole('img', { name: /^Syncs per hour: last 24 hours, [1-9]\d* syncs?, 1 full/ }).waitFor();
  await session.shot('3-error-codes', page.getByTestId('charts'));
  await session.shot('3-sync-chart', syncs);
});

test('self-test calls are marked in the log as they arrive', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  const log = page.getByTestId('request-log');
  await log.waitFor();
  const origin = new URL(session.adminUrl).origin;
  const result = await fetch(`${origin}/api/integrations/demo/self-test`, {
    method: 'POST', headers: { authorization: `Bearer ${bridge.bridge.adminToken}`, 'content-type': 'application/json' }, body: '{}',
  });
  assert.equal(result.status, 200);
  const row = log.locator('tbody tr').filter({ has: page.getByRole('button', { name: `Open request ${await newestId(session)}`, exact: true }) });
  await row.getByTestId('call-origin').getByText('self-test').waitFor();
  await session.shot('3-self-test-marked', log);
});

test('replaying an action asks first, says it inserts again, and the replay is marked', async (t) => {
  if (skipWithoutChromium(t) || !session) return;
  const { page, bridge } = session;
  const log = page.getByTestId('request-log');
  const sent = { meta: { contact_external_id: '157', agent_external_id: '1' }, data: { subject: 'Replay me', body: 'Once' } };
  assert.equal((await bridge.post('/actions/log_call', { auth: { api_key: await bridge.key() }, ...sent })).status, 201);
  const id = await newestId(session);
  await log.getByRole('button', { name: `Open request ${id}`, exact: true }).click();
  await page.getByText('"subject": "Replay me"').waitFor();
  await page.getByRole('button', { name: 'Replay this call' }).click();
  const confirm = page.getByTestId('replay-confirm');
  await confirm.getByText(/replaying it sends the same data again, and your database will insert it again/).waitFor();
  await session.shot('4-replay-confirm', confirm);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await newestId(session), id, 'Cancel sent nothing');
  await page.getByRole('button', { name: 'Replay this call' }).click();
  await page.getByRole('button', { name: 'Replay and insert again' }).click();
  await page.getByTestId('replay-result').getByText(/Replayed: answered 201 in \d+ ms, logged as #\d+/).waitFor();
  const replayId = await newestId(session);
  assert.ok(replayId > id);
  const row = log.locator('tbody tr').filter({ has: page.getByRole('button', { name: `Open request ${replayId}`, exact: true }) });
  await row.getByTestId('call-origin').getByText('replay').waitFor();
  await session.shot('5-replayed-marked', log);
});
