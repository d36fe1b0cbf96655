// libphonenumber's metadata layout that bridge/mapping/phone-fast.ts reads by position: a change fails here, loudly,
// instead of the fast path quietly handing every number back to the library.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import metadata from 'libphonenumber-js/metadata.min.json';
import { NOT_SURE, normalizeCommonPhone } from '../../bridge/mapping/phone-fast.js';

test('the metadata is still version 4, whose tuple positions the fast phone path reads', () => {
  assert.equal(metadata.version, 4, 'libphonenumber-js: the metadata layout changed; see bridge/mapping/phone-fast.ts');
  const us = (metadata.countries as unknown as Record<string, readonly unknown[]>).US;
  assert.ok(us, 'libphonenumber-js: no US metadata');
  // [calling code, IDD prefix, national pattern, possible lengths, …]
  assert.equal(us[0], '1');
  assert.equal(typeof us[1], 'string');
  assert.equal(typeof us[2], 'string');
  assert.ok(Array.isArray(us[3]) && us[3].includes(10));
});

test('the fast path answers common numbers itself rather than deferring them to the library', () => {
  for (const [raw, region, e164] of [['(202) 555-0143', 'US', '+12025550143'], ['+44 20 7946 0958', 'US', '+442079460958'], ['912 345 678', 'PT', '+351912345678']]) {
    const answer = normalizeCommonPhone(raw!, region!);
    assert.notEqual(answer, NOT_SURE, `${raw} from ${region}: the fast path no longer reads the metadata`);
    assert.equal(answer, e164);
  }
});
