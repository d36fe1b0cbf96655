import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { BridgeError } from '../../bridge/errors.js';
import { loadProfile, parseProfile, saveProfile } from '../../bridge/profile/store.js';
import { makeTempDir } from '../support/temp-dir.js';

const valid = () => ({ version: 1 as const, integrations: [demoIntegration('/data/crm.sqlite')] });

function problemsOf(input: unknown): string[] {
  try {
    parseProfile(input);
  } catch (error) {
    assert.ok(error instanceof BridgeError);
    assert.equal(error.code, 'invalid_profile');
    return error.details?.problems as string[];
  }
  return [];
}

test('the demo profile is valid and gets its defaults', () => {
  const profile = parseProfile(valid());
  assert.equal(profile.tunnel.provider, 'none');
  assert.equal(profile.integrations[0]!.contacts.pageSize, 500);
});

test('every problem names its path', () => {
  const input: any = valid();
  input.integrations[0].contacts.checkpoint = 5;
  input.integrations[0].contacts.extra = true;
  input.integrations[0].id = 'Not A Slug';
  input.integrations[0].connection.dialect = 'oracle';
  const problems = problemsOf(input);
  assert.ok(problems.includes('integrations[0].contacts.checkpoint: expected string'), problems.join('\n'));
  assert.ok(problems.includes('integrations[0].contacts: unknown key "extra"'), problems.join('\n'));
  assert.ok(problems.some((line) => line.startsWith('integrations[0].id:')));
  assert.ok(problems.some((line) => line.startsWith('integrations[0].connection.dialect: expected one of')));
});

test('duplicate ids and dialect requirements are caught', () => {
  const input: any = valid();
  input.integrations.push(demoIntegration('/x.sqlite'));
  input.integrations[1].connection = { dialect: 'mysql' };
  const problems = problemsOf(input);
  assert.ok(problems.includes('integrations[1].id: duplicate integration id "demo"'), problems.join('\n'));
  assert.ok(problems.includes('integrations[1].connection.host: required for mysql'), problems.join('\n'));
});

test('save is atomic and load reads back the same document; a broken file is a clear error', async () => {
  const temp = makeTempDir();
  try {
    const file = path.join(temp.path, 'profile.json');
    assert.equal(await loadProfile(file), undefined);
    const saved = await saveProfile(file, valid());
    assert.deepEqual(await loadProfile(file), saved);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), saved);
    await assert.rejects(saveProfile(file, { version: 2 } as any), /version/);
    assert.deepEqual(await loadProfile(file), saved, 'a refused save leaves the old profile');
    const broken = path.join(temp.path, 'broken.json');
    (await import('node:fs')).writeFileSync(broken, '{"version": 1,');
    await assert.rejects(loadProfile(broken), /not valid JSON/);
  } finally {
    temp.remove();
  }
});

test('allowIps is refused where no one vouches for the caller\'s address, saying why; accepted where someone does', async () => {
  const walled = (tunnel: unknown) => ({ ...valid(), integrations: [{ ...demoIntegration('/data/crm.sqlite'), allowIps: ['203.0.113.0/24'] }], tunnel });
  const ssh = { provider: 'ssh', host: 'relay.example.com', user: 'bridge', hostKey: 'SHA256:abc', remotePort: 8080, publicUrl: 'https://bridge.example.com' };
  const refusals: Array<[unknown, RegExp]> = [
    [{ provider: 'localtunnel' }, /localtunnel: its relay passes on whatever X-Forwarded-For a caller sends/],
    [ssh, /every call arrives from 127\.0\.0\.1/],
    [{ provider: 'external', url: 'https://bridge.example.com' }, /list the proxy's address in tunnel\.trustedProxies/],
  ];
  for (const [tunnel, reason] of refusals) {
    const problems = problemsOf(walled(tunnel));
    assert.ok(problems.some((line) => line.startsWith('integrations[0].allowIps: ') && reason.test(line)), problems.join('\n'));
  }
  // The same at load: a profile file written by hand is refused before the bridge serves anything.
  const directory = makeTempDir();
  try {
    const file = path.join(directory.path, 'profile.json');
    writeFileSync(file, JSON.stringify(walled({ provider: 'localtunnel' })));
    await assert.rejects(loadProfile(file), /allowIps: an IP allow-list cannot be enforced through localtunnel/);
  } finally {
    directory.remove();
  }
  // Directly on the port (the socket vouches), or behind a listed proxy that appends the header.
  assert.deepEqual(problemsOf(walled({ provider: 'none' })), []);
  assert.deepEqual(problemsOf(walled({ ...ssh, trustedProxies: ['127.0.0.1'] })), []);
  assert.deepEqual(problemsOf(walled({ provider: 'external', url: 'https://bridge.example.com', trustedProxies: ['10.0.0.5'] })), []);
  assert.deepEqual(problemsOf({ ...valid(), tunnel: { provider: 'localtunnel' } }), [], 'no allow-list, no refusal');
  // Trusting the hop in front of the public relay would believe a caller's forged header again.
  const trusting = problemsOf(walled({ provider: 'localtunnel', trustedProxies: ['127.0.0.1'] }));
  assert.ok(trusting.some((line) => /^tunnel\.trustedProxies: the public relay localtunnel\.me passes on whatever X-Forwarded-For/.test(line)), trusting.join('\n'));
  assert.deepEqual(problemsOf(walled({ provider: 'localtunnel', host: 'https://relay.office.example', trustedProxies: ['127.0.0.1'] })), [],
    'an office\'s own relay behind a proxy that sets the header may be trusted');
});

test('allowIps and trustedProxies entries must be addresses or CIDR ranges', () => {
  const input: any = { ...valid(), tunnel: { provider: 'none', trustedProxies: ['proxy.local'] } };
  input.integrations[0].allowIps = ['203.0.113.0/33'];
  const problems = problemsOf(input);
  assert.ok(problems.some((line) => line.startsWith('integrations[0].allowIps[0]: expected an IP address or a CIDR range')), problems.join('\n'));
  assert.ok(problems.some((line) => line.startsWith('tunnel.trustedProxies[0]: expected an IP address or a CIDR range')), problems.join('\n'));
});

test('a table source may carry filters; each needs a value exactly when its operator compares', () => {
  const input: any = valid();
  input.integrations[0].contacts.source = { table: 'customers', where: [{ column: 'deleted_at', op: 'is null' }, { column: 'active', op: '=', value: true }] };
  assert.deepEqual(problemsOf(input), []);
  input.integrations[0].contacts.source.where = [{ column: 'active', op: '=' }, { column: 'deleted_at', op: 'is null', value: 1 }, { column: 'x', op: 'like', value: 'a' }];
  const problems = problemsOf(input);
  assert.ok(problems.some((line) => line.startsWith('integrations[0].contacts.source')), problems.join('\n'));
  assert.ok(problems.join('\n').includes('needs a value') || problems.join('\n').includes('source'), problems.join('\n'));
});
