import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { firstLine, runCli, spawnCli } from '../support/cli.js';
import { childPids } from '../support/processes.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir();
after(() => temp.remove());
const dataDir = path.join(temp.path, 'data');

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test('--help lists the commands; an unknown command or bad flag is a usage error', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['serve', 'demo', 'api-key create', 'talkdesk-config', 'secret set']) assert.ok(help.stdout.includes(command), command);
  const usage = await runCli(['frobnicate']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown command/);
  const badPort = await runCli(['serve', '--data-dir', dataDir, '--public-port', 'abc']);
  assert.equal(badPort.code, 2);
  assert.equal(badPort.lines[0].code, 'invalid_argument');
});

test('serve starts on the demo, prints ready first, serves a key made by api-key create, and stops on SIGTERM', async () => {
  const child = spawnCli(['serve', '--data-dir', dataDir]);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const ready = await firstLine(child);
  try {
    assert.equal(ready.event, 'ready');
    assert.equal(ready.publicUrl, null);
    assert.match(ready.bridgeUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(ready.adminUrl, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const created = await runCli(['api-key', 'create', '--integration', 'demo', '--data-dir', dataDir]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.lines[0].integration, 'demo');
    const key: string = created.lines[0].key;
    const response = await fetch(`${ready.bridgeUrl}/integrations/demo/auth`, { method: 'POST', body: JSON.stringify({ auth: { api_key: key } }) });
    assert.equal(response.status, 200);
    const readStatus = () => fetch(new URL('/api/status', ready.adminUrl), { headers: { authorization: `Bearer ${new URL(ready.adminUrl).searchParams.get('token')}` } });
    const status = await readStatus();
    assert.equal(status.status, 200);
    if (process.platform === 'linux') {
      // The demo's phone index is built on this first start, its pages read by the sync's page process: no process of
      // its own reads them.
      let index: string | undefined;
      for (let attempt = 0; attempt < 200 && index !== 'ready'; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        index = ((await (await readStatus()).json()) as { integrations: Array<{ phoneIndex?: { state: string } }> }).integrations[0]?.phoneIndex?.state;
      }
      assert.equal(index, 'ready');
      const commands = childPids(child.pid!).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      assert.ok(commands.some((command) => /page-worker/.test(command)), commands.join(', '));
      assert.ok(!commands.some((command) => /sqlite-reader-process/.test(command)), commands.join(', '));
    }
    const unknown = await runCli(['api-key', 'create', '--integration', 'nope', '--data-dir', dataDir]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.lines[0].code, 'unknown_integration');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'close');
  assert.equal(code, 0, stderr);
});

test('talkdesk-config prints the integration and actions with absolute endpoints', async () => {
  const missing = await runCli(['talkdesk-config', '--data-dir', dataDir]);
  assert.equal(missing.lines[0].code, 'not_configured');
  const result = await runCli(['talkdesk-config', '--data-dir', dataDir, '--base-url', 'https://bridge.example.com/']);
  assert.equal(result.code, 0, result.stderr);
  const { integration, actions } = result.lines[0];
  assert.equal(integration.name, 'demo');
  assert.equal(integration.authentication_type, 'custom');
  assert.ok(integration.authentication_configuration[0].api_key);
  assert.equal(integration.contact_synchronization_endpoint, 'https://bridge.example.com/integrations/demo/contacts');
  assert.equal(integration.interaction_retrieval_endpoint, 'https://bridge.example.com/integrations/demo/interactions');
  assert.equal(integration.agent_synchronization_endpoint, 'https://bridge.example.com/integrations/demo/agents');
  assert.deepEqual(integration.interaction_types, ['ticket', 'note']);
  assert.equal(actions[0].provider, 'demo');
  assert.equal(actions[0].endpoint, 'https://bridge.example.com/integrations/demo/actions/log_call');
});

test('talkdesk-config refuses a base URL Talkdesk must not be given, and allows loopback http only when asked', async () => {
  const plain = await runCli(['talkdesk-config', '--data-dir', dataDir, '--base-url', 'http://bridge.example.com']);
  assert.equal(plain.code, 2);
  assert.equal(plain.lines[0].code, 'invalid_argument');
  assert.match(plain.lines[0].message, /^--base-url must start with https:\/\/: Talkdesk sends the API key/);
  const query = await runCli(['talkdesk-config', '--data-dir', dataDir, '--base-url', 'https://bridge.example.com/?x=1']);
  assert.match(query.lines[0].message, /must not have a query/);
  const loopback = await runCli(['talkdesk-config', '--data-dir', dataDir, '--base-url', 'http://127.0.0.1:8080']);
  assert.match(loopback.lines[0].message, /--insecure-for-testing/);
  const allowed = await runCli(['talkdesk-config', '--data-dir', dataDir, '--base-url', 'http://127.0.0.1:8080', '--insecure-for-testing']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(allowed.lines[0].integration.contact_synchronization_endpoint, 'http://127.0.0.1:8080/integrations/demo/contacts');
});

test('secret set reads standard input and nothing in the data directory holds the value in clear', async () => {
  const secret = 'S3cret-Passw0rd-for-the-db';
  const result = await runCli(['secret', 'set', 'crm-db', '--data-dir', dataDir], { input: `${secret}\n` });
  assert.equal(result.code, 0, result.stderr);
  const listed = await runCli(['secret', 'list', '--data-dir', dataDir]);
  assert.deepEqual(listed.lines.map((line) => line.name), ['crm-db']);
  for (const file of filesUnder(dataDir)) assert.ok(!readFileSync(file).includes(secret), `${file} holds the secret in clear`);
  const keyFile = statSync(path.join(dataDir, 'master.key'));
  assert.equal(keyFile.mode & 0o077, 0, 'the master key file is owner-only');
});

test('demo --contacts rebuilds the demo database at the requested size', async () => {
  const result = await runCli(['demo', '--contacts', '50', '--data-dir', dataDir]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.lines[0].contacts, 50);
  assert.equal((await runCli(['demo', '--contacts', '0', '--data-dir', dataDir])).code, 2);
});

test('serve --public-processes 2 starts a second process, which ends when serve is killed outright', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const child = spawnCli(['serve', '--data-dir', dataDir, '--no-tunnel', '--public-processes', '2']);
  let children: Array<{ pid: number; command: string }> = [];
  try {
    const ready = await firstLine(child);
    assert.equal(ready.event, 'ready');
    // Besides the public process, the process that reads the demo's (SQLite) contact pages may be there: the sync's,
    // which reads the phone index's pages too. Nothing else needs a reading process of its own at start.
    children = childPids(child.pid!).map((pid) => ({ pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8') }));
    const workers = children.filter(({ command }) => /public-process/.test(command)).map(({ pid }) => pid);
    assert.equal(workers.length, 1, `children of serve: ${children.map(({ command }) => command).join(', ')}`);
    assert.ok(children.every(({ command }) => /public-process|page-worker/.test(command)), children.map(({ command }) => command).join(', '));
    child.kill('SIGKILL');
    await once(child, 'close');
    // They are not this test's children, so nothing signals their end: /proc is read until they are gone (5 s at most).
    let alive = children.map(({ pid }) => pid);
    for (let attempt = 0; attempt < 100 && alive.length > 0; attempt += 1) {
      alive = alive.filter((pid) => readdirSync('/proc').includes(String(pid)));
      if (alive.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(alive, [], 'a child process outlived serve');
  } finally {
    // A failed assertion must not leave serve or its children running past the test.
    for (const pid of [child.pid!, ...children.map(({ pid }) => pid)]) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
});
