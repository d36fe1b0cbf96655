// The public URL rule: HTTPS without query or fragment; loopback http only when asked for; in the profile and its messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSchema } from '../../bridge/profile/schema.js';
import { publicUrlProblem } from '../../bridge/public-url.js';

test('https URLs pass; http, queries, fragments, credentials and non-URLs are refused with a reason', () => {
  assert.equal(publicUrlProblem('https://bridge.example.com'), undefined);
  assert.equal(publicUrlProblem('https://bridge.example.com:8443/deskbridge/'), undefined);
  assert.match(publicUrlProblem('http://bridge.example.com') ?? '', /must start with https:\/\/: Talkdesk sends the API key/);
  assert.match(publicUrlProblem('https://bridge.example.com/?a=1') ?? '', /must not have a query/);
  assert.match(publicUrlProblem('https://bridge.example.com/#top') ?? '', /fragment/);
  assert.match(publicUrlProblem('https://bridge.example.com/?') ?? '', /must not have a query/);
  assert.match(publicUrlProblem('https://user:pw@bridge.example.com') ?? '', /user name or password/);
  assert.match(publicUrlProblem('ftp://bridge.example.com') ?? '', /must start with https:\/\/ \(not ftp:\/\/\)/);
  assert.match(publicUrlProblem('bridge.example.com') ?? '', /is not a URL/);
});

test('loopback http passes only with insecureForTesting; a public host never does', () => {
  for (const url of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://bridge.localhost', 'http://[::1]:9']) {
    assert.match(publicUrlProblem(url) ?? '', /--insecure-for-testing/, url);
    assert.equal(publicUrlProblem(url, { insecureForTesting: true }), undefined, url);
  }
  assert.match(publicUrlProblem('http://10.0.0.5', { insecureForTesting: true }) ?? '', /must start with https:\/\//);
});

test('the profile applies the rule to external and ssh public URLs, naming the path', () => {
  const parse = (tunnel: unknown) => profileSchema.safeParse({ version: 1, integrations: [], tunnel });
  const external = parse({ provider: 'external', url: 'http://bridge.example.com' });
  assert.ok(!external.success);
  assert.deepEqual(external.error.issues[0]?.path, ['tunnel', 'url']);
  assert.ok(parse({ provider: 'external', url: 'https://bridge.example.com' }).success);
  assert.ok(parse({ provider: 'external', url: 'http://127.0.0.1:9000', insecureForTesting: true }).success);
  const ssh = { provider: 'ssh', host: 'h', user: 'u', hostKey: 'SHA256:x', remotePort: 8080 };
  const sshPlain = parse({ ...ssh, publicUrl: 'http://bridge.example.com' });
  assert.ok(!sshPlain.success);
  assert.deepEqual(sshPlain.error.issues[0]?.path, ['tunnel', 'publicUrl']);
  assert.ok(parse({ ...ssh, publicUrl: 'https://bridge.example.com' }).success);
});

test('localtunnel with an integration other than the demo needs an explicit acknowledgement, and says why', () => {
  const integration = (id: string) => ({
    id, displayName: id, connection: { dialect: 'sqlite', filename: '/tmp/x.sqlite' },
    contacts: { source: { table: 'customers' }, key: 'id', checkpoint: 'updated_at', fields: { name: 'name' } },
  });
  const parse = (ids: string[], tunnel: Record<string, unknown>) => profileSchema.safeParse({ version: 1, integrations: ids.map(integration), tunnel });
  assert.ok(parse(['demo'], { provider: 'localtunnel' }).success, 'the demo alone may use it');
  const refused = parse(['demo', 'acme'], { provider: 'localtunnel' });
  assert.ok(!refused.success);
  assert.deepEqual(refused.error.issues[0]?.path, ['tunnel', 'acknowledgeUnencrypted']);
  assert.match(refused.error.issues[0]?.message ?? '', /unencrypted between this computer and a relay run by others.*integration "acme".*ngrok or an SSH tunnel.*"acknowledgeUnencrypted": true/);
  assert.ok(parse(['acme'], { provider: 'localtunnel', acknowledgeUnencrypted: true }).success);
});
