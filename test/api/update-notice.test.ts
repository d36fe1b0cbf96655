// A headless bridge prints a JSON line when the update server offers a newer version, and nothing for an older one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { channelFile, newerVersion } from '../../bridge/update-check.js';
import { DESKBRIDGE_VERSION } from '../../bridge/version.js';
import { spawnCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

async function updateServer(version: string) {
  const server = createServer((request, response) => {
    if (request.url === `/updates/${channelFile()}`) response.end(`version: ${version}\nfiles:\n  - url: Deskbridge-${version}.AppImage\n`);
    else { response.statusCode = 404; response.end(); }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates`, close: () => server.close() };
}

test('serve prints {"event":"update_available"} when the update server has a newer version', async (t) => {
  const server = await updateServer('99.0.0');
  const dataDir = makeTempDir();
  const child = spawnCli(['serve', '--data-dir', dataDir.path, '--no-tunnel'], { DESKBRIDGE_UPDATE_URL: server.url });
  t.after(async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'close');
    server.close();
    dataDir.remove();
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const event = JSON.parse(line) as { event: string; version?: string; current?: string; feed?: string };
    if (event.event !== 'update_available') continue;
    assert.deepEqual(event, { event: 'update_available', version: '99.0.0', current: DESKBRIDGE_VERSION, feed: server.url });
    break;
  }
});

test('an older or equal version is not offered; an unreadable server is an error in words', async (t) => {
  const older = await updateServer('0.0.1');
  const same = await updateServer(DESKBRIDGE_VERSION);
  t.after(() => { older.close(); same.close(); });
  assert.equal(await newerVersion(older.url, DESKBRIDGE_VERSION), undefined);
  assert.equal(await newerVersion(same.url, DESKBRIDGE_VERSION), undefined);
  await assert.rejects(newerVersion(`${older.url}/nothing-here`, DESKBRIDGE_VERSION), /the update server answered 404 for latest/);
});
