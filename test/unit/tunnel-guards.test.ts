// The HTTP guards, mounted on a real Express app with the bridge's central error handler.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import express, { type RequestHandler } from 'express';
import { silentLogger } from '../../bridge/logger.js';
import { errorHandler } from '../../bridge/http/errors.js';
import { allowIps, limitFailedAuth, parseCidrs, rejectCrossSite, requireLoopbackHost } from '../../bridge/http/guards.js';
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

describe('allowIps', () => {
  test('believes X-Forwarded-For from the loopback relay, read from the right', async () => {
    await withApp([allowIps(['203.0.113.0/24', '2001:db8::/32'])], async (call) => {
      assert.equal((await call({ 'x-forwarded-for': '203.0.113.7' })).status, 200);
      assert.equal((await call({ 'x-forwarded-for': '2001:db8::1' })).status, 200);
      const refused = await call({ 'x-forwarded-for': '198.51.100.9' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'forbidden');
      // A caller prepending an allowed address does not get in: the relay's own hop is the rightmost.
      assert.equal((await call({ 'x-forwarded-for': '203.0.113.7, 198.51.100.9' })).status, 403);
    });
  });

  test('ignores X-Forwarded-For when the direct peer is not a trusted relay', async () => {
    await withApp([allowIps(['203.0.113.0/24'], { trustProxyFrom: ['10.9.9.9'] })], async (call) => {
      assert.equal((await call({ 'x-forwarded-for': '203.0.113.7' })).status, 403);
    });
    await withApp([allowIps(['127.0.0.1'], { trustProxyFrom: [] })], async (call) => {
      assert.equal((await call({ 'x-forwarded-for': '198.51.100.9' })).status, 200);
    });
  });

  test('an empty list lets everyone through, and a bad entry is refused with its name', async () => {
    await withApp([allowIps([])], async (call) => assert.equal((await call()).status, 200));
    assert.throws(() => parseCidrs(['10.0.0.0/33']), /"10\.0\.0\.0\/33" is not an IP address or CIDR range/);
    assert.throws(() => parseCidrs(['example.com']), /not an IP address/);
  });
});

describe('limitFailedAuth', () => {
  test('after maxFailures failed attempts a source gets 429 with Retry-After until the window passes', async () => {
    let clock = 1_000_000;
    const limiter = limitFailedAuth({ maxFailures: 3, windowMs: 60_000, now: () => clock });
    const authenticate: RequestHandler = (request, response) => {
      if (request.headers.authorization === 'Bearer good') { response.json({ ok: true }); return; }
      limiter.recordFailure(limiter.sourceKeyOf(request));
      response.status(401).json({ error: { code: 'unauthorized', message: 'no' } });
    };
    await withApp([limiter.middleware], async (call) => {
      for (let attempt = 0; attempt < 3; attempt += 1) assert.equal((await call({ 'x-forwarded-for': '198.51.100.1' })).status, 401);
      const limited = await call({ 'x-forwarded-for': '198.51.100.1', authorization: 'Bearer good' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error?.code, 'rate_limited');
      assert.equal(limited.headers['retry-after'], '60');
      assert.equal((await call({ 'x-forwarded-for': '198.51.100.2', authorization: 'Bearer good' })).status, 200, 'other sources are not affected');
      clock += 60_001;
      assert.equal((await call({ 'x-forwarded-for': '198.51.100.1', authorization: 'Bearer good' })).status, 200);
    }, authenticate);
  });

  test('remembers a bounded number of sources', () => {
    const limiter = limitFailedAuth({ maxFailures: 1, windowMs: 60_000, maxSources: 2 });
    const fake = (address: string) => ({ socket: { remoteAddress: address }, headers: {} }) as unknown as Parameters<typeof limiter.sourceKeyOf>[0];
    for (const key of ['a', 'b', 'c']) limiter.recordFailure(key);
    let passed = 0;
    limiter.middleware(fake('a') as never, { setHeader() {} } as never, () => { passed += 1; });
    assert.equal(passed, 1, 'the oldest source was forgotten');
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
