// By hand: `node --import tsx test/bench/phone-normalize.ts`; µs per phone for normalizePhone against libphonenumber alone, on demo-CRM phones.
import { makeNumber, pick, seededRandom, writeNumber } from '../../bridge/demo/demo-data.js';
import { NOT_SURE, normalizeCommonPhone } from '../../bridge/mapping/phone-fast.js';
import { normalizePhone, normalizePhoneWithLibrary } from '../../bridge/mapping/phone.js';
import { table } from './bridge-process.js';

const PHONES = 100_000;
const ROUNDS = 5;
const REGION = 'US';

/** Phones as the demo database writes them: the office column (2% "n/a"), the mobile column, US/GB/PT/DE numbers. */
function demoPhones(count: number): string[] {
  const random = seededRandom(20241123);
  const phones: string[] = [];
  while (phones.length < count) {
    const region = pick(random, ['US', 'US', 'US', 'US', 'GB', 'PT', 'PT', 'DE'] as const);
    const roll = random();
    if (roll < 0.02) phones.push('n/a');
    else if (roll >= 0.06) phones.push(writeNumber(random, makeNumber(random, region, false)));
    if (random() < 0.5) phones.push(writeNumber(random, makeNumber(random, region, true)));
  }
  return phones.slice(0, count);
}

/** The best of several rounds, in µs per phone; `sink` keeps the work from being optimized away. */
function microsecondsPerPhone(phones: string[], normalize: (raw: string, region: string) => string | undefined): number {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = process.hrtime.bigint();
    for (const phone of phones) sink += normalize(phone, REGION)?.length ?? 0;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / phones.length);
  }
  if (sink === 0) throw new Error('nothing was normalized');
  return best;
}

const phones = demoPhones(PHONES);
const mismatches = phones.filter((phone) => normalizePhone(phone, REGION) !== normalizePhoneWithLibrary(phone, REGION));
if (mismatches.length > 0) throw new Error(`normalizePhone disagrees with libphonenumber on ${mismatches.length} phones, e.g. ${mismatches[0]}`);
const fastShare = phones.filter((phone) => normalizeCommonPhone(phone, REGION) !== NOT_SURE).length / phones.length;

const before = microsecondsPerPhone(phones, normalizePhoneWithLibrary);
const after = microsecondsPerPhone(phones, normalizePhone);
table([
  { implementation: 'libphonenumber alone (before)', 'µs/phone': before.toFixed(2), 'share on compiled path': '-' },
  { implementation: 'normalizePhone (after)', 'µs/phone': after.toFixed(2), 'share on compiled path': `${(fastShare * 100).toFixed(1)}%` },
]);
console.log(`${PHONES} demo phones, region ${REGION}, best of ${ROUNDS} rounds; speed-up ×${(before / after).toFixed(1)}`);
