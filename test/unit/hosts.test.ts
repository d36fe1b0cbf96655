// The loopback rule the UI and the bridge share (bridge/contract/hosts.ts), written without node:net.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import { isLoopbackHost } from '../../bridge/contract/hosts.js';

/** The rule as node:net states it: a dotted IPv4 address in 127.0.0.0/8, ::1, localhost and names under .localhost. */
function loopbackByNodeNet(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

test('loopback hosts are told as node:net tells them, without it', () => {
  const hosts = [
    '127.0.0.1', '127.255.255.255', '127.1.2.3', '127.0.0.256', '127.00.0.1', '127.0.0.01', '127.1', '127.0.0.1.', '127.0.0.1.example.com',
    '128.0.0.1', '12.0.0.1', '0.0.0.0', '10.0.0.1', 'localhost', 'LOCALHOST', 'app.localhost', 'localhost.example.com', 'example.com',
    '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::]', '', ' 127.0.0.1',
  ];
  for (const host of hosts) assert.equal(isLoopbackHost(host), loopbackByNodeNet(host), host);
  for (let index = 0; index < 2000; index += 1) {
    const octets = Array.from({ length: 4 }, (_, at) => (at === 0 ? 127 : Math.floor(Math.random() * 300)));
    const host = octets.join('.');
    assert.equal(isLoopbackHost(host), loopbackByNodeNet(host), host);
  }
});

test('a URL\'s host is loopback when the URL is on this computer', () => {
  for (const [url, loopback] of [['http://127.0.0.1:8080', true], ['http://[::1]:9000/x', true], ['http://localhost', true], ['http://bridge.example.com', false], ['http://127.0.0.1.nip.io', false]] as const) {
    assert.equal(isLoopbackHost(new URL(url).hostname), loopback, url);
  }
});
