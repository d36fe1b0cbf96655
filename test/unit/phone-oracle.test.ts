// The compiled phone path must give libphonenumber's own answer: numbers of every country, written every common way, read from many regions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Metadata, getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { makeNumber, seededRandom, writeNumber } from '../../bridge/demo/demo-data.js';
import { NOT_SURE, normalizeCommonPhone } from '../../bridge/mapping/phone-fast.js';
import { libraryLayout, nanpLayout, normalizePhone, normalizePhoneWithLibrary } from '../../bridge/mapping/phone.js';

// A failure prints its seed; PHONE_ORACLE_SEED=<seed> replays it (the default keeps every run the same).
const SEED = Number(process.env.PHONE_ORACLE_SEED ?? 20240611);
const settings = (numRuns: number) => ({ seed: SEED, numRuns });

const COUNTRIES = getCountries();
const REGIONS = ['US', 'GB', 'PT', 'DE', 'FR', 'BR', 'IN', 'AU', 'CA', 'RU', 'KZ', 'IT', 'JP', 'AR', 'MX', 'GG', 'AG', 'ZZ', ''];
// Fixed-line numbers (national significant part) next to the mobile examples libphonenumber ships.
const FIXED_LINES: Array<[CountryCode, string]> = [['US', '2125550123'], ['CA', '6135550123'], ['GB', '2079460958'], ['GB', '1614960000'],
  ['PT', '212345678'], ['DE', '30123456'], ['DE', '891234567'], ['FR', '142685300'], ['BR', '1123456789'], ['IN', '1123456789'],
  ['AU', '298765432'], ['IT', '0612345678'], ['ES', '912345678'], ['JP', '312345678'], ['MX', '5512345678'], ['RU', '4951234567'],
  ['AR', '1123456789'], ['NL', '201234567'], ['CH', '441234567'], ['IE', '12345678'], ['GG', '1481256789'], ['JM', '8765123456']];
const EXAMPLES: Array<[CountryCode, string]> = [...COUNTRIES.map((country): [CountryCode, string] => [country, mobileExamples[country]]), ...FIXED_LINES];

/** Asserts both paths agree with libphonenumber; true when the compiled path answered by itself. */
function agreesWithLibrary(raw: string, region: string): boolean {
  const expected = normalizePhoneWithLibrary(raw, region);
  const fast = normalizeCommonPhone(raw, region);
  if (fast !== NOT_SURE) assert.equal(fast, expected, `compiled path on ${JSON.stringify(raw)} from ${JSON.stringify(region)}`);
  assert.equal(normalizePhone(raw, region), expected, `normalizePhone on ${JSON.stringify(raw)} from ${JSON.stringify(region)}`);
  return fast !== NOT_SURE;
}

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (minLength: number, maxLength: number) => fc.array(digit, { minLength, maxLength }).map((list) => list.join(''));

/** A real number with up to four digits changed, one dropped or one added: valid and invalid neighbours. */
const nationalNumber = fc.tuple(fc.constantFrom(...EXAMPLES), fc.nat({ max: 6 }), fc.array(fc.tuple(fc.nat(), digit), { maxLength: 4 }))
  .map(([[country, national], change, edits]) => {
    let text = national;
    if (change === 1) for (const [position, value] of edits) text = text.slice(0, position % text.length) + value + text.slice(position % text.length + 1);
    if (change === 2 && text.length > 4) text = text.slice(0, -1);
    if (change === 3) text += edits[0]?.[1] ?? '5';
    return { country, national: text };
  });

/** The national number cut into groups of two to four digits. */
const grouped = fc.tuple(fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '-', '.', ''))
  .map(([sizes, separator]) => (national: string) => {
    const groups: string[] = [];
    let rest = national;
    for (const size of sizes) {
      if (rest.length <= size) break;
      groups.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    return { groups: [...groups, rest], separator };
  });

type Form = (cc: string, national: string, groups: string[], separator: string, trunk: string) => string;
const FORMS: Form[] = [
  (cc, national) => `+${cc}${national}`,
  (cc, _national, groups, separator) => `+${cc} ${groups.join(separator)}`,
  (cc, _national, groups, separator) => `+${cc}${separator}${groups.join(separator)}`,
  (cc, _national, groups, separator) => `+${cc} (0)${groups.join(separator)}`,
  (cc, _national, groups, separator) => `00${cc} ${groups.join(separator)}`,
  (cc, national) => `00${cc}${national}`,
  (cc, _national, groups, separator) => `011 ${cc} ${groups.join(separator)}`,
  (cc, national) => `${cc}${national}`,
  (cc, _national, groups, separator) => `${cc} ${groups.join(separator)}`,
  (_cc, national) => national,
  (_cc, _national, groups, separator, trunk) => `${trunk}${groups.join(separator)}`,
  (_cc, _national, [first, ...rest], separator, trunk) => `(${trunk}${first}) ${rest.join(separator)}`,
  (cc, _national, [first, ...rest], separator) => `+${cc} (${first}) ${rest.join(separator)}`,
  (_cc, _national, groups) => `${groups.join('/')}`,
  // The trunk prefix where it does not belong: after the calling code, or before it.
  (cc, national, _groups, _separator, trunk) => `${cc}${trunk}${national}`,
  (cc, national, _groups, _separator, trunk) => `+${cc}${trunk}${national}`,
  (cc, national, _groups, _separator, trunk) => `${trunk}${cc}${national}`,
];

/** A number of some country written one of the ways people store them, and the region it is read from. */
const writtenNumber = fc.record({
  number: nationalNumber,
  cut: grouped,
  form: fc.nat({ max: FORMS.length + 1 }),
  trunk: fc.constantFrom('0', '0', '1', '8', ''),
  region: fc.option(fc.constantFrom(...REGIONS, ...COUNTRIES), { nil: undefined, freq: 2 }),
  padding: fc.constantFrom('', ' ', '  ', '\t'),
}).map(({ number: { country, national }, cut, form, trunk, region, padding }) => {
  const cc = getCountryCallingCode(country);
  const { groups, separator } = cut(national);
  let written: string;
  const parsed = FORMS[form] ? undefined : parsePhoneNumberFromString(`+${cc}${national}`);
  if (FORMS[form]) written = FORMS[form]!(cc, national, groups, separator, trunk);
  else if (form === FORMS.length) written = parsed?.formatNational() ?? national;
  else written = parsed?.formatInternational() ?? `+${cc} ${national}`;
  return { raw: `${padding}${written}${padding}`, region: region ?? country };
});

test('numbers of every country in every common format get libphonenumber\'s answer from any region', () => {
  let answered = 0;
  let cases = 0;
  fc.assert(fc.property(writtenNumber, ({ raw, region }) => {
    cases += 1;
    if (agreesWithLibrary(raw, region)) answered += 1;
  }), settings(16_000));
  // Not a speed check: the property would say nothing if the compiled path declined everything.
  assert.ok(answered / cases > 0.95, `the compiled path answered only ${answered} of ${cases}`);
});

test('every country\'s example numbers, and neighbours of them, in every format from home and from abroad', () => {
  const regions = ['US', 'GB', 'DE', 'BR', 'ZZ'];
  for (const [country, example] of EXAMPLES) {
    const cc = getCountryCallingCode(country);
    const written = new Set<string>();
    for (const national of [example, example.slice(0, -1), `${example.slice(0, 2)}${example.slice(3)}`, `${example}1`]) {
      const groups = national.match(/.{1,3}/g) ?? [national];
      for (const form of FORMS) for (const trunk of ['0', '1', '8']) written.add(form(cc, national, groups, ' ', trunk));
    }
    for (const raw of written) for (const region of [country, ...regions]) agreesWithLibrary(raw, region);
  }
});

test('random digit strings, with and without "+", "00" or "011", get libphonenumber\'s answer', () => {
  const prefixed = fc.tuple(fc.constantFrom('', '', '+', '00', '011', '0', '(0)', '+ '), digits(1, 20), fc.constantFrom(...REGIONS, ...COUNTRIES));
  fc.assert(fc.property(prefixed, ([prefix, text, region]) => {
    agreesWithLibrary(`${prefix}${text}`, region);
  }), settings(6_000));
});

test('numbers after each country\'s own international dialling prefix, read from that country, get libphonenumber\'s answer', () => {
  const dialledAbroad = fc.constantFrom(...COUNTRIES).chain((country) => {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    const prefix = fc.stringMatching(new RegExp(`^(?:${metadata.numberingPlan!.IDDPrefix()})$`), { maxLength: 12 });
    // A zero right after the prefix cannot start a calling code, so libphonenumber reads the whole as a national number.
    return fc.tuple(fc.constant(country), prefix, fc.constantFrom('', '0', '1', '44', '351'), digits(0, 12));
  });
  fc.assert(fc.property(dialledAbroad, ([country, prefix, start, rest]) => {
    agreesWithLibrary(`${prefix}${start}${rest}`, country);
  }), settings(4_000));
});

test('arbitrary text gets libphonenumber\'s answer', () => {
  const phoneish = fc.string({ unit: fc.constantFrom(...'0123456789+-.()/ #x,;:ext+0٠１٩\u00A0\u2013'.split('')), maxLength: 30 });
  const anything = fc.string({ unit: 'binary', maxLength: 45 });
  fc.assert(fc.property(fc.oneof(phoneish, anything), fc.constantFrom(...REGIONS, 'us', 'USA', '001'), (raw, region) => {
    agreesWithLibrary(raw, region);
  }), settings(5_000));
});

test('the phones the demo CRM writes take the compiled path', () => {
  const random = seededRandom(11);
  let answered = 0;
  const count = 4000;
  for (let index = 0; index < count; index += 1) {
    const region = (['US', 'GB', 'PT', 'DE'] as const)[index % 4]!;
    const raw = index % 50 === 0 ? 'n/a' : writeNumber(random, makeNumber(random, region, index % 3 === 0));
    // The demo profile reads every phone as US; a profile of the row's own country must fare the same.
    if (agreesWithLibrary(raw, 'US') && agreesWithLibrary(raw, region)) answered += 1;
  }
  assert.ok(answered / count >= 0.95, `only ${answered} of ${count} demo phones took the compiled path`);
});

test('North American lookup candidates are written as libphonenumber writes them, for any +1 number', () => {
  const nanpDigits = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
    .map(([area, exchange, line]) => `+1${area}${exchange}${String(line).padStart(4, '0')}`);
  const examples = EXAMPLES.filter(([country]) => getCountryCallingCode(country) === '1').map(([, national]) => `+1${national}`);
  let checked = 0;
  for (const e164 of [...examples, ...fc.sample(nanpDigits, { seed: SEED, numRuns: 3000 })]) {
    const fast = nanpLayout(e164);
    assert.ok(fast, `${e164} takes the North American path`);
    assert.deepEqual(fast, libraryLayout(e164), e164);
    checked += 1;
  }
  assert.ok(checked > 3000);
  assert.equal(nanpLayout('+442079460958'), undefined);
  assert.equal(nanpLayout('+11235550123'), undefined, 'an area code never starts with 1');
});
