// The diagnostics bundle's live checks against loopback servers, and the redaction of what it holds.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import { test } from 'node:test';
import tls from 'node:tls';
import { checkClock, checkDisk, checkDns, checkHttp, checkTcp, checkTls } from '../../bridge/diagnostics/checks.js';
import { runChecks } from '../../bridge/diagnostics/bundle.js';
import { redact, scrubKnown } from '../../bridge/diagnostics/redact.js';

/** A self-signed certificate for localhost made for these tests only (test/support/tls). */
const certificate = {
  cert: readFileSync(new URL('../support/tls/localhost-cert.pem', import.meta.url)),
  key: readFileSync(new URL('../support/tls/localhost-key.pem', import.meta.url)),
};

async function listening<T extends net.Server>(server: T): Promise<{ server: T; port: number }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

test('DNS, TCP and TLS checks report what they found; a refused port and an untrusted certificate are failures in words', async (t) => {
  const { server: tcp, port } = await listening(net.createServer((socket) => socket.end()));
  const { server: secure, port: tlsPort } = await listening(tls.createServer(certificate, (socket) => socket.end()));
  t.after(() => { tcp.close(); secure.close(); });

  const dns = await checkDns('localhost');
  assert.equal(dns.ok, true);
  assert.match(dns.detail, /resolves to/);

  assert.equal((await checkTcp('127.0.0.1', port)).ok, true);
  tcp.close();
  await once(tcp, 'close');
  const refused = await checkTcp('127.0.0.1', port);
  assert.equal(refused.ok, false);
  assert.match(refused.detail, /ECONNREFUSED/);

  const handshake = await checkTls('localhost', tlsPort);
  assert.equal(handshake.ok, false, 'a self-signed certificate is not trusted');
  assert.match(handshake.detail, /handshake done but the certificate is not trusted: .*(SELF_SIGNED|self.signed)/i);
  assert.equal(handshake.certificateSubject, 'localhost');
  assert.match(String(handshake.protocol), /^TLSv1\.[23]$/);
});

test('the clock offset is measured against a server\'s Date header and says so', async (t) => {
  let skewMs = 120_000;
  const { server, port } = await listening(createServer((_request, response) => {
    response.setHeader('Date', new Date(Date.now() + skewMs).toUTCString());
    response.end();
  })) as { server: Server; port: number };
  t.after(() => server.close());
  const url = `http://127.0.0.1:${port}/`;

  const ahead = await checkClock(url);
  assert.equal(ahead.ok, false, 'two minutes off is reported');
  assert.equal(ahead.measuredAgainst, `the Date header of ${url}`);
  const offset = ahead.offsetMs as number;
  const uncertainty = ahead.uncertaintyMs as number;
  assert.ok(Math.abs(offset - skewMs) <= uncertainty, `offset ${offset} ms is 120 s within ± ${uncertainty} ms`);
  assert.match(ahead.detail, /behind the server's .*set the clock right/);

  skewMs = 0;
  const right = await checkClock(url);
  assert.equal(right.ok, true);
  assert.ok(Math.abs(right.offsetMs as number) <= (right.uncertaintyMs as number));
});

test('an HTTP check reports the status; disk space is reported in GB', async (t) => {
  const { server, port } = await listening(createServer((request, response) => {
    response.statusCode = request.url === '/health' ? 200 : 404;
    response.end();
  })) as { server: Server; port: number };
  t.after(() => server.close());
  assert.equal((await checkHttp('public-url', `http://127.0.0.1:${port}/health`)).ok, true);
  const missing = await checkHttp('public-url', `http://127.0.0.1:${port}/nothing`);
  assert.deepEqual([missing.ok, missing.status, missing.detail], [false, 404, 'answered 404']);

  const disk = await checkDisk(os.tmpdir());
  assert.ok((disk.freeBytes as number) > 0 && (disk.totalBytes as number) >= (disk.freeBytes as number));
  assert.match(disk.detail, /GB free of .* GB/);
});

test('redaction removes values under secret-looking keys and URL passwords, and keeps the names of secret references', () => {
  const profile = {
    connection: { dialect: 'mysql', user: 'reader', password: { secret: 'crm-db' }, options: { ssl: { key: 'PRIVATE' } } },
    tunnel: { provider: 'ssh', privateKey: { env: 'SSH_KEY' } },
    body: { auth: { api_key: 'dbk_abc' }, headers: { authorization: 'Basic xyz' } },
    url: 'postgres://admin:hunter2@db.local/crm',
    integrationToken: 'tok', pin: 1234,
  };
  assert.deepEqual(redact(profile), {
    connection: { dialect: 'mysql', user: 'reader', password: { secret: 'crm-db' }, options: { ssl: { key: '[removed]' } } },
    tunnel: { provider: 'ssh', privateKey: { env: 'SSH_KEY' } },
    body: { auth: { api_key: '[removed]' }, headers: { authorization: '[removed]' } },
    url: 'postgres://[removed]@db.local/crm',
    integrationToken: '[removed]', pin: 1234,
  });
  assert.equal(scrubKnown('a line with s3cret-value in it', ['s3cret-value']), 'a line with [removed] in it');
});

test('without an HTTPS server to compare with, the clock is reported as not measured rather than wrong', async () => {
  const checks = await runChecks({ dataDir: os.tmpdir(), profile: undefined, requestLog: { list: async () => [] }, testDatabase: async () => {}, knownSecrets: [] });
  const clock = checks.find((check) => check.check === 'clock');
  assert.deepEqual([clock?.ok, clock?.skipped], [false, true]);
  assert.match(clock?.detail ?? '', /not measured: .*--clock-url/);
  assert.deepEqual(checks.map((check) => check.check), ['clock', 'disk'], 'no database or relay to check without a profile');
});
