import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkpointSchema, offsetSchema, TokenSigner } from '../../bridge/sync/token.js';

const signer = new TokenSigner(randomBytes(32));
const offset = { t: 'o' as const, i: 'demo', f: 'abc', run: 'r1', kind: 'full' as const, started: 1, after: { checkpoint: '2024-01-01 00:00:00', key: 5 } };

test('a signed token verifies and round-trips its payload', () => {
  assert.deepEqual(signer.verify(signer.sign(offset), offsetSchema), offset);
});

test('forged, altered, foreign or mistyped tokens are refused', () => {
  const token = signer.sign(offset);
  const [body, mac] = token.split('.') as [string, string];
  const altered = Buffer.from(JSON.stringify({ ...offset, after: { checkpoint: null, key: 0 } })).toString('base64url');
  assert.equal(signer.verify(`${altered}.${mac}`, offsetSchema), undefined);
  assert.equal(signer.verify(`${body}.${mac.slice(1)}x`, offsetSchema), undefined);
  assert.equal(new TokenSigner(randomBytes(32)).verify(token, offsetSchema), undefined);
  assert.equal(signer.verify(token, checkpointSchema), undefined);
  for (const junk of ['', '.', 'abc', 42, null, 'x'.repeat(5000)]) assert.equal(signer.verify(junk, offsetSchema), undefined);
});
