// Moving the app's integration into a service: the app exports it as it does, the install imports it, the same key works.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importIntoService } from '../../bridge/commands/service.js';
import { systemdPlatform } from '../../bridge/service/platforms.js';
import { bundledCli } from '../../main/bridge-cli.js';
import { startTestBridge } from '../support/bridge-harness.js';
import { firstLine, spawnCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const work = makeTempDir('deskbridge-move-');
const serviceDir = makeTempDir('deskbridge-service-');
after(() => { work.remove(); serviceDir.remove(); });

test('the integration moved by bundle answers from the service\'s own folder, with its own master key, to the same API key', async (t) => {
  const app = await startTestBridge();
  t.after(() => app.close());
  const key = await app.key();
  // The app runs the bundled CLI with its keychain's master key, the passphrase on standard input (main/service-mode.ts).
  const cli = bundledCli(process.execPath, fileURLToPath(new URL('../../bridge/cli.ts', import.meta.url)), {
    ...process.env as Record<string, string>, NODE_OPTIONS: '--import tsx', DESKBRIDGE_MASTER_KEY: 'a'.repeat(64),
  });
  const bundle = path.join(work.path, 'integration.bundle');
  const passphraseFile = path.join(work.path, 'passphrase.txt');
  const passphrase = 'one-time passphrase of the switch';
  const exported = await cli.run(['export', '--data-dir', app.dataDir, '--out', bundle], passphrase);
  assert.equal(exported.code, 0, exported.stderr);
  writeFileSync(passphraseFile, `${passphrase}\n`, { mode: 0o600 });

  // What "service install --import" does before the service first starts, here into a stand-in for its folder.
  const platform = { ...systemdPlatform(), dataDir: serviceDir.path };
  const environmentKey = process.env.DESKBRIDGE_MASTER_KEY;
  delete process.env.DESKBRIDGE_MASTER_KEY;
  t.after(() => { if (environmentKey !== undefined) process.env.DESKBRIDGE_MASTER_KEY = environmentKey; });
  assert.deepEqual(await importIntoService(platform, bundle, passphraseFile), { imported: ['demo'], secrets: 0, apiKeys: 1 });
  assert.ok(existsSync(path.join(serviceDir.path, 'master.key')), 'the service has a master key of its own, not the app\'s');
  await assert.rejects(importIntoService(platform, bundle, passphraseFile), /already holds an integration \(kept from an earlier service\)/);

  const service = spawnCli(['serve', '--data-dir', serviceDir.path, '--no-tunnel'], { DESKBRIDGE_MASTER_KEY: '' });
  service.stderr.resume();
  t.after(async () => {
    if (service.exitCode !== null) return;
    service.kill('SIGTERM');
    await once(service, 'exit');
  });
  const ready = await firstLine(service);
  assert.equal(ready.event, 'ready', JSON.stringify(ready));
  const response = await fetch(`${ready.bridgeUrl}/integrations/demo/auth`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth: { api_key: key } }),
  });
  assert.equal(response.status, 200, 'the key Talkdesk holds keeps working after the move');
});
