import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md4, ntowfv2 } from '../support/tds-test-double/ntlm.js';

test('MD4 gives the RFC 1320 test vectors', () => {
  const vectors: Array<[string, string]> = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ];
  for (const [input, digest] of vectors) assert.equal(md4(Buffer.from(input, 'latin1')).toString('hex'), digest, input);
});

test('NTOWFv2 gives the MS-NLMP example (user "User", domain "Domain", password "Password")', () => {
  assert.equal(ntowfv2('Password', 'User', 'Domain').toString('hex'), '0c868a403bfd7a93a3001ef22ef02e3f');
});
