import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
