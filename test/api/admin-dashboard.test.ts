// The dashboard's admin API: a live feed of new calls, the bridge's own calls marked, exact replays, and the error-rate alert.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_LIVE_CLIENTS } from '../../bridge/http/admin/live-feed.js';
import { startAdminBridge, type AdminTestBridge } from './admin-helpers.js';

let bridge: AdminTestBridge;
before(async () => { bridge = await startAdminBridge(); });
after(() => bridge.close());

interface Stream { next(pattern: RegExp): Promise<string>; ended(): Promise<void>; cancel(): Promise<void> }

/** Opens /api/events with the token and reads it as text; `next` resolves with the first event matching `pattern`. */
async function openEvents(target: AdminTestBridge): Promise<Stream> {
  const response = await fetch(`${target.origin}/api/events`, { headers: { authorization: `Bearer ${target.bridge.adminToken}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(pattern) {
      for (;;) {
        const events = buffer.split('\n\n');
        buffer = '';
        const index = events.findIndex((event, position) => position < events.length - 1 && pattern.test(event));
        if (index >= 0) {
          buffer = events.slice(index + 1).join('\n\n');
          return events[index]!;
        }
        buffer = events.at(-1)!;
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended before the event');
        buffer += value;
      }
    },
    async ended() {
      for (;;) if ((await reader.read()).done) return;
    },
    cancel: () => reader.cancel(),
  };
}

test('the event stream tells of a call as soon as it is logged, and needs the token', async () => {
  assert.equal((await fetch(`${bridge.origin}/api/events`)).status, 401);
  const stream = await openEvents(bridge);
  try {
    await stream.next(/^retry:/);
    await bridge.post('/auth', { auth: { api_key: await bridge.key() } });
    const event = await stream.next(/^event: request/);
    const { newestId } = JSON.parse(event.split('data: ')[1]!) as { newestId: number };
    const [newest] = (await bridge.admin('GET', '/requests?limit=1')).body.entries;
    assert.equal(newest.id, newestId);
    assert.equal(newest.endpoint, 'auth');
  } finally {
    await stream.cancel();
  }
});

test(`at most ${MAX_LIVE_CLIENTS} dashboards stream at once; the next is told to close one`, async () => {
  const streams = await Promise.all(Array.from({ length: MAX_LIVE_CLIENTS }, () => openEvents(bridge)));
  try {
    const refused = await bridge.admin('GET', '/events');
    assert.equal(refused.status, 503);
    assert.match(refused.body.error.message, /Too many dashboards are open/);
  } finally {
    await Promise.all(streams.map((stream) => stream.cancel()));
  }
});

test('self-test and replayed calls are marked in the log; a header from Talkdesk\'s side marks nothing', async () => {
  const ran = (await bridge.admin('POST', '/integrations/demo/self-test', {})).body;
  assert.equal(ran.ok, true, JSON.stringify(ran.steps));
  const selfTest = (await bridge.admin('GET', '/requests?limit=3')).body.entries;
  assert.deepEqual(selfTest.map((entry: { origin?: string }) => entry.origin), ['self_test', 'self_test', 'self_test']);

  const key = await bridge.key();
  await bridge.post('/interactions', { auth: { api_key: key }, data: { contact_external_id: '157' } }, { headers: { 'x-deskbridge-call': 'replay' } });
  const [original] = (await bridge.admin('GET', '/requests?limit=1')).body.entries;
  assert.equal(original.origin, undefined, 'a caller with a Talkdesk key cannot mark its call');
  const replay = await bridge.admin('POST', `/requests/${original.id}/replay`);
  assert.equal(replay.body.status, 200);
  const replayed = (await bridge.admin('GET', `/requests/${replay.body.logId}`)).body;
  assert.equal(replayed.origin, 'replay');
});

test('a replayed action sends what was originally sent', async () => {
  const key = await bridge.key();
  const sent = { meta: { contact_external_id: '157', agent_external_id: '1' }, data: { subject: 'Follow-up', body: 'Called back about the order' } };
  assert.equal((await bridge.post('/actions/log_call', { auth: { api_key: key }, ...sent })).status, 201);
  const [original] = (await bridge.admin('GET', '/requests?endpoint=actions&limit=1')).body.entries;
  const replay = await bridge.admin('POST', `/requests/${original.id}/replay`);
  assert.equal(replay.body.status, 201, JSON.stringify(replay.body));
  const replayed = (await bridge.admin('GET', `/requests/${replay.body.logId}`)).body;
  assert.deepEqual({ meta: replayed.body.meta, data: replayed.body.data }, sent);
});

test('a call whose logged body was cut cannot be replayed, and the answer says why', async () => {
  const key = await bridge.key();
  const long = 'x'.repeat(600);
  await bridge.post('/actions/log_call', { auth: { api_key: key }, meta: { contact_external_id: '157' }, data: { subject: 'Long', body: long } });
  const [original] = (await bridge.admin('GET', '/requests?endpoint=actions&limit=1')).body.entries;
  const before = (await bridge.admin('GET', '/requests?limit=1')).body.entries[0].id;
  const replay = await bridge.admin('POST', `/requests/${original.id}/replay`);
  assert.equal(replay.status, 400);
  assert.match(replay.body.error.message, /keeps this call's body only in part.*would not send what Talkdesk sent/);
  assert.equal((await bridge.admin('GET', '/requests?limit=1')).body.entries[0].id, before, 'nothing was sent');
});

test('one failed call in eight is an alert beside the Error rate card, with the card\'s figure', async () => {
  const fresh = await startAdminBridge();
  try {
    const key = await fresh.key();
    for (let index = 0; index < 7; index += 1) assert.equal((await fresh.post('/auth', { auth: { api_key: key } })).status, 200);
    assert.equal((await fresh.admin('GET', '/status')).body.alerts.some((alert: { code: string }) => alert.code === 'high_error_rate'), false);
    await fresh.post('/auth', { auth: { api_key: 'wrong' } });
    const status = (await fresh.admin('GET', '/status')).body;
    assert.equal(status.metrics.errorRate, 0.125);
    assert.equal(status.metrics.windowMinutes, 60);
    const alert = status.alerts.find((item: { code: string }) => item.code === 'high_error_rate');
    assert.match(alert?.message ?? '', /^1 of the 8 calls in the last 60 minutes failed \(12\.5%\): open the request log/);
  } finally {
    await fresh.close();
  }
});

test('the first run lasts while only the demo exists and Talkdesk has not called; a self-test does not end it', async () => {
  const fresh = await startAdminBridge();
  try {
    assert.equal((await fresh.admin('GET', '/status')).body.firstRun, true);
    const ran = (await fresh.admin('POST', '/integrations/demo/self-test', {})).body;
    assert.equal(ran.ok, true, JSON.stringify(ran.steps));
    assert.equal((await fresh.admin('GET', '/status')).body.firstRun, true);
    await fresh.post('/auth', { auth: { api_key: await fresh.key() } });
    assert.equal((await fresh.admin('GET', '/status')).body.firstRun, false);
  } finally {
    await fresh.close();
  }
});

test('closing the bridge ends open event streams instead of waiting for them', async () => {
  const fresh = await startAdminBridge();
  const stream = await openEvents(fresh);
  await stream.next(/^retry:/);
  await fresh.close();
  await stream.ended();
});

test('the charts\' series has one entry per minute of the hour, the newest minutes holding the calls just made', async () => {
  const key = await bridge.key();
  await bridge.post('/auth', { auth: { api_key: key } });
  await bridge.post('/auth', { auth: { api_key: 'wrong' } });
  const { minutes } = (await bridge.admin('GET', '/metrics/series?minutes=60')).body as { minutes: Array<{ at: string; requests: number; errors: number; p95LatencyMs: number | null }> };
  assert.equal(minutes.length, 60);
  // The calls fall in the last minute, or the one before when a minute turned between them and the question.
  const recent = minutes.slice(-2);
  assert.ok(recent.reduce((sum, minute) => sum + minute.requests, 0) >= 2 && recent.some((minute) => minute.errors >= 1), JSON.stringify(recent));
  assert.ok(recent.some((minute) => typeof minute.p95LatencyMs === 'number'));
  assert.ok(minutes.every((minute, index) => index === 0 || Date.parse(minute.at) - Date.parse(minutes[index - 1]!.at) === 60_000));
});

test('the errors-by-code chart counts the hour\'s failed calls under their error code, most frequent first', async () => {
  const before = (await bridge.admin('GET', '/metrics/series?minutes=60')).body.errorCodes as Array<{ code: string; count: number }>;
  const countOf = (list: Array<{ code: string; count: number }>, code: string) => list.find((item) => item.code === code)?.count ?? 0;
  await bridge.post('/auth', { auth: { api_key: 'wrong' } });
  await bridge.post('/auth', { auth: { api_key: 'wrong again' } });
  const after = (await bridge.admin('GET', '/metrics/series?minutes=60')).body.errorCodes as Array<{ code: string; count: number }>;
  assert.equal(countOf(after, 'unauthorized') - countOf(before, 'unauthorized'), 2, JSON.stringify(after));
  assert.ok(after.every((item, index) => index === 0 || after[index - 1]!.count >= item.count), JSON.stringify(after));
});
