// The HTTP guards: the caller's address, the failed-auth count, and the admin side's guards on a real Express app.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage } from 'node:http';
import { BlockList } from 'node:net';
import express, { type RequestHandler } from 'express';
import { silentLogger } from '../../bridge/logger.js';
import { errorHandler } from '../../bridge/http/errors.js';
import { parseCidrs } from '../../bridge/addresses.js';
import { callerAddress, limitFailedAuth, rejectCrossSite, requireLoopbackHost } from '../../bridge/http/guards.js';
import { listenLoopback } from '../support/tunnel-apps.js';

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: { error?: { code: string; message: string }; ok?: boolean } }

async function withApp(guards: RequestHandler[], run: (call: (headers?: Record<string, string>) => Promise<Answer>) => Promise<void>, route?: RequestHandler): Promise<void> {
  const app = express();
  app.get('/thing', ...guards, route ?? ((_request, response) => { response.json({ ok: true }); }));
  app.use(errorHandler(silentLogger()));
  const running = await listenLoopback(app);
  const call = (headers: Record<string, string> = {}) => new Promise<Answer>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: running.port, path: '/thing', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    }).on('error', reject);
  });
  try { await run(call); } finally { await running.close(); }
}

describe('callerAddress', () => {
  const requestFrom = (peer: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

  test('is the socket peer when the peer is not a trusted forwarder, whatever X-Forwarded-For says', () => {
    assert.equal(callerAddress(requestFrom('127.0.0.1', '203.0.113.7'), new BlockList()), '127.0.0.1');
    assert.equal(callerAddress(requestFrom('::ffff:198.51.100.2', '203.0.113.7'), parseCidrs(['10.0.0.0/8'])), '198.51.100.2');
  });

  test('from a trusted forwarder, is the rightmost hop it did not add: a caller prepending an address gains nothing', () => {
    const trusted = parseCidrs(['127.0.0.0/8', '10.0.0.5']);
    assert.equal(callerAddress(requestFrom('127.0.0.1', '203.0.113.7'), trusted), '203.0.113.7');
    assert.equal(callerAddress(requestFrom('127.0.0.1', '203.0.113.7, 198.51.100.9'), trusted), '198.51.100.9');
    assert.equal(callerAddress(requestFrom('127.0.0.1', '198.51.100.9, 10.0.0.5'), trusted), '198.51.100.9');
    assert.equal(callerAddress(requestFrom('127.0.0.1', '2001:db8::1'), trusted), '2001:db8::1');
    assert.equal(callerAddress(requestFrom('127.0.0.1'), trusted), '127.0.0.1', 'no header: the peer');
  });

  test('a bad entry is refused with its name', () => {
    assert.throws(() => parseCidrs(['10.0.0.0/33']), /"10\.0\.0\.0\/33" is not an IP address or CIDR range/);
    assert.throws(() => parseCidrs(['example.com']), /not an IP address/);
    assert.throws(() => parseCidrs(['10.0.0.0/8/8']), /not an IP address/);
  });
});

describe('limitFailedAuth', () => {
  test('after maxFailures failures in the window a source must wait until the oldest leaves it; other sources are not affected', () => {
    let clock = 1_000_000;
    const limiter = limitFailedAuth({ maxFailures: 3, windowMs: 60_000, now: () => clock });
    for (let attempt = 0; attempt < 2; attempt += 1) limiter.recordFailure('198.51.100.1');
    assert.equal(limiter.retryAfterSeconds('198.51.100.1'), undefined);
    limiter.recordFailure('198.51.100.1');
    assert.equal(limiter.retryAfterSeconds('198.51.100.1'), 60);
    assert.equal(limiter.retryAfterSeconds('198.51.100.2'), undefined);
    clock += 60_001;
    assert.equal(limiter.retryAfterSeconds('198.51.100.1'), undefined);
  });

  test('remembers a bounded number of sources', () => {
    const limiter = limitFailedAuth({ maxFailures: 1, windowMs: 60_000, maxSources: 2 });
    for (const key of ['a', 'b', 'c']) limiter.recordFailure(key);
    assert.equal(limiter.retryAfterSeconds('a'), undefined, 'the oldest source was forgotten');
    assert.ok(limiter.retryAfterSeconds('c'));
  });
});

describe('requireLoopbackHost and rejectCrossSite', () => {
  test('only loopback Host names reach the admin side (DNS rebinding refused)', async () => {
    await withApp([requireLoopbackHost()], async (call) => {
      for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LOCALHOST']) assert.equal((await call({ host })).status, 200, host);
      for (const host of ['evil.example:4000', 'localhost.evil.example', '192.168.1.20:4000']) {
        const refused = await call({ host });
        assert.equal(refused.status, 403, host);
        assert.equal(refused.body.error?.code, 'forbidden');
      }
    });
  });

  test('cross-site and foreign-origin requests are refused; same-origin and header-less ones pass', async () => {
    await withApp([rejectCrossSite()], async (call) => {
      assert.equal((await call()).status, 200);
      assert.equal((await call({ host: 'localhost:4000', origin: 'http://localhost:4000', 'sec-fetch-site': 'same-origin' })).status, 200);
      assert.equal((await call({ 'sec-fetch-site': 'none' })).status, 200);
      assert.equal((await call({ 'sec-fetch-site': 'cross-site' })).status, 403);
      assert.equal((await call({ host: 'localhost:4000', 'sec-fetch-site': 'same-site', origin: 'http://localhost:5000' })).status, 403);
      assert.equal((await call({ host: 'localhost:4000', origin: 'https://evil.example' })).status, 403);
      assert.equal((await call({ host: 'localhost:4000', origin: 'null' })).status, 403);
    });
  });
});
