// Every setting the wizard has a field for is named in words when it is missing: the dictionary follows the profile's schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { demoIntegration } from '../../bridge/demo/demo-profile.js';
import { plainProblems, summaryOf } from '../../bridge/http/admin/plain-problems.js';
import { integrationSchema, profileSchema } from '../../bridge/profile/schema.js';

/** The problems of the demo integration with the setting at `path` removed. */
function withoutSetting(path: Array<string | number>) {
  const integration: any = demoIntegration('/data/crm.sqlite');
  const parent = path.slice(0, -1).reduce((value, part) => value[part], integration);
  delete parent[path.at(-1)!];
  const result = integrationSchema.safeParse(integration);
  assert.ok(!result.success, `removing ${path.join('.')} is refused`);
  return plainProblems(result.error);
}

const REQUIRED: Array<Array<string | number>> = [
  ['id'], ['displayName'], ['contacts', 'key'], ['contacts', 'checkpoint'], ['contacts', 'fields', 'name'],
  ['interactions', 0, 'type'], ['interactions', 0, 'contactKey'], ['interactions', 0, 'fields', 'id'], ['interactions', 0, 'fields', 'subject'],
  ['interactions', 0, 'fields', 'date'], ['actions', 0, 'name'], ['actions', 0, 'display'], ['actions', 0, 'insert', 'table'],
];

test('a missing required setting is placed on its field with a sentence saying what to do, never a type name', () => {
  for (const path of REQUIRED) {
    const [problem, ...rest] = withoutSetting(path);
    assert.equal(rest.length, 0, path.join('.'));
    assert.deepEqual(problem!.path, path);
    assert.match(problem!.message, /^(Choose|Give|Name|Say|Type|Write) .+\.$/, `${path.join('.')}: ${problem!.message}`);
  }
});

test('an unknown setting, a custom rule and the summary read as sentences', () => {
  const error = new z.ZodError([
    { code: 'unrecognized_keys', keys: ['colour'], path: ['contacts'], message: '', input: undefined },
    { code: 'custom', path: ['agents', 'fields', 'email'], message: 'required: Talkdesk matches agents by their e-mail', input: undefined },
    { code: 'custom', path: ['interactions', 1], message: 'duplicate interaction type "note"', input: undefined },
  ]);
  const problems = plainProblems(error);
  assert.deepEqual(problems.map((problem) => problem.message), [
    'Deskbridge does not know the setting "colour" here: remove it.',
    'Choose the column that holds each agent\'s e-mail: Talkdesk matches agents by it.',
    'Duplicate interaction type "note".',
  ]);
  assert.equal(summaryOf(problems), 'Deskbridge does not know the setting "colour" here: remove it. (and 2 more to fix)');
});

test('an SSH tunnel saved with empty fields names each field and what to put in it', () => {
  const result = profileSchema.safeParse({
    version: 1, integrations: [],
    tunnel: { provider: 'ssh', host: 'bridge.example.com', user: ' ', hostKey: '', remotePort: 8080, publicUrl: 'http://bridge.example.com' },
  });
  assert.ok(!result.success);
  const problems = plainProblems(result.error);
  assert.deepEqual(problems.map((problem) => problem.path), [['tunnel', 'user'], ['tunnel', 'hostKey'], ['tunnel', 'publicUrl']]);
  assert.deepEqual(problems.map((problem) => problem.message).slice(0, 2), [
    'Type the user Deskbridge logs in to the SSH server as.',
    'Fetch the SSH server\'s host key ("Fetch host key") and confirm it matches the server\'s.',
  ]);
  assert.match(problems[2]!.message, /^Public URL must start with https:\/\/: Talkdesk sends the API key/, 'a rule on the value reads with the field\'s name');
});

test('an empty text the dictionary does not know is asked to be filled in', () => {
  const problems = plainProblems(new z.ZodError([
    { code: 'too_small', origin: 'string', minimum: 1, inclusive: true, path: ['tunnel', 'remoteHost'], message: '', input: '' },
  ]));
  assert.equal(problems[0]!.message, 'Remote host: fill this in.');
});
