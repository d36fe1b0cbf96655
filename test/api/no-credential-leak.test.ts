import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { firstLine, runCli, spawnCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir();
after(() => temp.remove());

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test('no credential, auth body or secret reaches any file in the data directory or the log, even at debug level', async () => {
  const dataDir = temp.path;
  const password = 'Db-Passw0rd-Nobody-Should-See';
  assert.equal((await runCli(['secret', 'set', 'crm-db', '--data-dir', dataDir], { input: password })).code, 0);
  const child = spawnCli(['serve', '--data-dir', dataDir], { DESKBRIDGE_LOG_LEVEL: 'debug' });
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const ready = await firstLine(child);
  const demoKey = /dbk_[A-Za-z0-9_-]+/.exec(output)?.[0];
  const { lines } = await runCli(['api-key', 'create', '--integration', 'demo', '--data-dir', dataDir]);
  const key: string = lines[0].key;
  const wrongKey = 'dbk_WrongKeyThatMustNotBeLogged0000000';
  const base = `${ready.bridgeUrl}/integrations/demo`;
  const calls = [
    { path: '/contacts', body: { auth: { api_key: key } } },
    { path: '/auth', body: { auth: { api_key: wrongKey, password } } },
    { path: '/interactions', body: { auth: { api_key: key }, data: { contact_phones: ['+12125550123'] } } },
    { path: '/actions/log_call', body: { auth: { api_key: key }, meta: { contact_external_id: '1' }, data: { subject: 'x' } } },
    { path: '/actions/log_call', body: { auth: { api_key: key }, data: {} } },
  ];
  for (const call of calls) await fetch(`${base}${call.path}`, { method: 'POST', body: JSON.stringify(call.body) });
  await fetch(`${base}/auth`, { method: 'POST', headers: { 'x-api-key': wrongKey }, body: '{}' });
  await fetch(`${base}/auth`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`u:${key}`).toString('base64')}` }, body: '{}' });
  await fetch(`${base}/contacts`, { method: 'POST', body: `{"auth":{"api_key":"${key}"}, broken` });
  child.kill('SIGTERM');
  await once(child, 'close');

  const secrets = [key, wrongKey, password, Buffer.from(`u:${key}`).toString('base64'), ...(demoKey ? [demoKey] : [])];
  const files = filesUnder(dataDir);
  const logs = files.filter((file) => /bridge\.\d+\.log$/.test(file));
  assert.ok(logs.length > 0, 'the log file exists');
  assert.ok(logs.some((file) => readFileSync(file, 'utf8').length > 0), 'the log is not empty');
  for (const file of files) {
    const content = readFileSync(file);
    for (const secret of secrets) assert.ok(!content.includes(secret), `${path.relative(dataDir, file)} contains a credential`);
  }
  for (const secret of [key, wrongKey, password]) assert.ok(!output.includes(secret), 'standard error contains a credential');
});
