// Which proxy applies (profile, HTTPS_PROXY, NO_PROXY), CONNECT tunnels through a proxy test double, and the proxy settings' checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { profileSchema } from '../../bridge/profile/schema.js';
import { bypassesProxy, connectThroughProxy, describeProxy, proxyFor } from '../../bridge/tunnel/http-proxy.js';
import { startConnectProxyTestDouble } from '../support/connect-proxy-test-double.js';
import { freeLoopbackPort } from '../support/localtunnel-relay.js';

async function startEchoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => { sockets.add(socket); socket.pipe(socket); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => { for (const socket of sockets) socket.destroy(); await new Promise<void>((resolve) => server.close(() => resolve())); },
  };
}

test('the profile proxy wins; else HTTPS_PROXY, unless NO_PROXY lists the host', () => {
  const env = { HTTPS_PROXY: 'proxy.office.lan:3128', NO_PROXY: 'localhost, .internal.example, 10.0.0.5' };
  assert.equal(proxyFor('ssh.example.com', 'http://mine:8080', env)?.host, 'mine:8080');
  assert.equal(proxyFor('ssh.example.com', undefined, env)?.href, 'http://proxy.office.lan:3128/');
  assert.equal(proxyFor('box.internal.example', undefined, env), undefined);
  assert.equal(proxyFor('internal.example', undefined, env), undefined);
  assert.equal(proxyFor('10.0.0.5', undefined, env), undefined);
  assert.equal(proxyFor('ssh.example.com', undefined, {}), undefined);
  assert.equal(proxyFor('127.0.0.1', undefined, env), undefined, 'loopback never goes through the environment\'s proxy');
  assert.equal(proxyFor('127.0.0.1', 'http://mine:8080', env)?.host, 'mine:8080', 'unless the profile asks for it');
  assert.ok(bypassesProxy('anything', '*'));
  assert.ok(!bypassesProxy('notinternal.example', '.internal.example'));
  assert.equal(describeProxy(new URL('http://user:secret@proxy:3128')), 'http://user@proxy:3128');
});

test('a CONNECT tunnel carries bytes both ways, with Basic credentials from a stored password', async (t) => {
  const [echo, proxy] = await Promise.all([startEchoServer(), startConnectProxyTestDouble({ credentials: { user: 'office', password: 'p@ss' } })]);
  t.after(async () => { await echo.close(); await proxy.close(); });
  const socket = await connectThroughProxy({ url: new URL(`http://office@127.0.0.1:${proxy.port}`), password: 'p@ss' }, { host: '127.0.0.1', port: echo.port }, 2000);
  t.after(() => socket.destroy());
  socket.write('hello through the proxy');
  const [chunk] = await once(socket, 'data');
  assert.equal(String(chunk), 'hello through the proxy');
  assert.deepEqual(proxy.requests, [{ target: `127.0.0.1:${echo.port}`, authorization: `Basic ${Buffer.from('office:p@ss').toString('base64')}` }]);
});

test('refusals say what to do: credentials asked for, a target not allowed, a proxy that is not there', async (t) => {
  const proxy = await startConnectProxyTestDouble({ credentials: { user: 'office', password: 'p' } });
  t.after(() => proxy.close());
  const target = { host: 'ssh.example.com', port: 22 };
  await assert.rejects(connectThroughProxy({ url: new URL(proxy.url) }, target, 2000), /asks for a user name and password \(HTTP 407\): put the user in tunnel\.proxy/);
  const open = await startConnectProxyTestDouble();
  t.after(() => open.close());
  open.refuseWith = 403;
  await assert.rejects(connectThroughProxy({ url: new URL(open.url) }, target, 2000), /refused to open a tunnel to ssh\.example\.com:22 \(HTTP 403 Forbidden\): ask the network admin to allow CONNECT/);
  const nothing = await freeLoopbackPort();
  await assert.rejects(connectThroughProxy({ url: new URL(`http://127.0.0.1:${nothing}`) }, target, 2000), /The proxy http:\/\/127\.0\.0\.1:\d+ did not accept a connection: .*ECONNREFUSED.*Check tunnel\.proxy/);
});

test('the profile refuses a proxy password inline, a non-http proxy, and a proxy for providers that cannot use one', () => {
  const ssh = { provider: 'ssh', host: 'h', user: 'u', hostKey: 'SHA256:x', remotePort: 8080, publicUrl: 'https://bridge.example.com' };
  const parse = (tunnel: unknown) => profileSchema.safeParse({ version: 1, integrations: [], tunnel });
  assert.ok(parse({ ...ssh, proxy: 'http://office@proxy.lan:3128', proxyPassword: { secret: 'proxy' } }).success);
  const inline = parse({ ...ssh, proxy: 'http://office:secret@proxy.lan:3128' });
  assert.ok(!inline.success);
  assert.deepEqual(inline.error.issues[0]?.path, ['tunnel', 'proxy']);
  assert.match(inline.error.issues[0]?.message ?? '', /password must not stand in the profile.*proxyPassword/);
  assert.match(parse({ ...ssh, proxy: 'socks5://proxy.lan:1080' }).error?.issues[0]?.message ?? '', /expected an http:\/\/ proxy/);
  assert.match(parse({ provider: 'ngrok', authtoken: { secret: 'n' }, proxy: 'http://proxy.lan:3128' }).error?.issues[0]?.message ?? '', /ngrok SDK \(1\.7\.0\) has no proxy setting/);
  assert.match(parse({ provider: 'localtunnel', proxy: 'http://proxy.lan:3128' }).error?.issues[0]?.message ?? '', /localtunnel client cannot go through an HTTP proxy/);
});
