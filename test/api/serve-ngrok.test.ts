// Headless ngrok: serve runs the real SDK (pointed at a closed loopback port), prints why it is offline, never the authtoken, and stops cleanly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { NGROK_SERVER_ADDR_ENV } from '../../bridge/tunnel/ngrok.js';
import { runCli, spawnCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir();
after(() => temp.remove());
const TOKEN = '2abcHEADLESStoken_987';
const env = { DESKBRIDGE_MASTER_KEY: 'c'.repeat(64), [NGROK_SERVER_ADDR_ENV]: '127.0.0.1:1' };

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test('serve with an ngrok tunnel reports the unreachable service in words, retries, and the authtoken appears nowhere', async () => {
  const stored = await runCli(['secret', 'set', 'ngrok', '--data-dir', temp.path], { env, input: `${TOKEN}\n` });
  assert.equal(stored.code, 0, stored.stderr);
  writeFileSync(path.join(temp.path, 'profile.json'), JSON.stringify({ version: 1, integrations: [], tunnel: { provider: 'ngrok', authtoken: { secret: 'ngrok' }, domain: 'acme.ngrok.app' } }));
  const child = spawnCli(['serve', '--data-dir', temp.path], env);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout });
  let offline: { state: string; detail: string } | undefined;
  let ready = false;
  let retried = false;
  try {
    // The ready line, the first offline transition, and the retry after it (serve is then well past its start).
    for await (const line of reader) {
      lines.push(line);
      const event = JSON.parse(line) as { event: string; state?: string; detail?: string };
      if (event.event === 'ready') ready = true;
      if (event.event === 'tunnel' && event.state === 'connecting' && offline && ready) retried = true;
      if (event.event === 'tunnel' && event.state === 'offline') offline ??= event as { state: string; detail: string };
      if (retried) break;
    }
  } finally {
    child.kill('SIGTERM');
  }
  const [code, signal] = await once(child, 'close');
  assert.equal(code, 0, `exit ${code} signal ${signal}: ${lines.join('\n')}\n${stderr}`);
  assert.ok(offline, lines.join('\n'));
  assert.match(offline.detail, /could not reach ngrok \(connect\.ngrok-agent\.com, TCP port 443\).*Retrying in/);
  const everything = [...lines, stderr, ...filesUnder(temp.path).map((file) => readFileSync(file).toString('latin1'))].join('\n');
  assert.ok(!everything.includes(TOKEN), 'the authtoken is in no output, log or file in clear');
});
