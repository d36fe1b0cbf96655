import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone, phoneCandidates } from '../../bridge/mapping/phone.js';
import { makeNumber, seededRandom, writeNumber } from '../../bridge/demo/demo-data.js';

test('numbers in the formats people store become E.164', () => {
  const cases: Array<[string, string, string]> = [
    ['(212) 555-0123', 'US', '+12125550123'],
    ['212.555.0123', 'US', '+12125550123'],
    ['1-212-555-0123', 'US', '+12125550123'],
    ['+1 (212) 555-0123', 'US', '+12125550123'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['912 345 678', 'PT', '+351912345678'],
    ['00351 912345678', 'PT', '+351912345678'],
  ];
  for (const [raw, region, expected] of cases) assert.equal(normalizePhone(raw, region), expected, raw);
});

test('what is not a number is refused', () => {
  for (const raw of ['n/a', '123', '', 'call me', '+1 212 555 01234567890123']) assert.equal(normalizePhone(raw, 'US'), undefined, raw);
});

test('every format the demo database writes is among the lookup candidates', () => {
  const random = seededRandom(7);
  for (let index = 0; index < 2000; index += 1) {
    const region = (['US', 'GB', 'PT', 'DE'] as const)[index % 4]!;
    const e164 = makeNumber(random, region, index % 3 === 0);
    const written = writeNumber(random, e164);
    assert.ok(phoneCandidates(e164).includes(written), `${written} (${e164}) is not a candidate`);
    assert.equal(normalizePhone(written, 'US'), e164, `${written} does not normalize back`);
  }
});

test('candidates stay few enough for an index lookup', () => {
  assert.ok(phoneCandidates('+12125550123').length <= 60);
  assert.ok(phoneCandidates('+442079460958').length <= 60);
});
