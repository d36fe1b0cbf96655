// libphonenumber's parse and isValid replayed for plain digit input, with its metadata's regular expressions built once per country.
import metadata from 'libphonenumber-js/metadata.min.json';

/** The answer when the input holds something only libphonenumber itself may interpret (letters, extensions, exotic digits). */
export const NOT_SURE: unique symbol = Symbol('not sure');

/** Regions that dial 011 to call abroad (the North American Numbering Plan). */
export const NANP_REGIONS: ReadonlySet<string> = new Set(['US', 'CA', 'PR', 'GU', 'VI', 'AS', 'MP', 'DO', 'JM', 'TT', 'BS', 'BB']);

// libphonenumber's bounds on the national significant number (MIN_LENGTH_FOR_NSN, MAX_LENGTH_FOR_NSN).
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const OPEN_PARENTHESIS = 0x28;

/** The separators this path understands (` -.()/`); any other character leaves the input to libphonenumber. */
function isSeparator(code: number): boolean {
  return code === 0x20 || code === 0x2d || code === 0x2e || code === OPEN_PARENTHESIS || code === 0x29 || code === 0x2f;
}
// Every digit libphonenumber reads (its VALID_DIGITS); text without one of them is never a number ("n/a").
const ANY_DIGIT = /[0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/;

interface NumberType {
  pattern: RegExp;
  lengths: readonly number[];
}

/** One country's numbering plan, with every regular expression libphonenumber would build per call built once. */
interface Plan {
  callingCode: string;
  iddPrefix: RegExp;
  nationalPattern: RegExp;
  possibleLengths: readonly number[];
  nationalPrefix: RegExp | undefined;
  transformRule: string | undefined;
  leadingDigits: RegExp | undefined;
  /** Only present where the metadata lists number types (countries that share a calling code). */
  types: NumberType[] | undefined;
}

type Tuple = readonly unknown[];
const countries = metadata.countries as unknown as Record<string, Tuple | undefined>;
// Maps, not the metadata's objects: a calling code is looked up several times for every phone a sync reads.
const callingCodes = new Map(Object.entries(metadata.country_calling_codes as Record<string, readonly string[]>));
const nonGeographic = new Set(Object.keys(metadata.nonGeographic ?? {}));
// The field positions below are those of metadata version 4; any other version is left to the library.
const KNOWN_LAYOUT = metadata.version === 4;
const plans = new Map<string, Plan | null>();

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const isLengthList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length > 0 && value.every((length) => typeof length === 'number');

/** Builds a plan from a version 4 metadata tuple; null for a shape this path does not know. */
function compilePlan(tuple: Tuple): Plan | null {
  const [callingCode, iddPrefix, nationalPattern, possibleLengths] = tuple;
  if (typeof callingCode !== 'string' || typeof iddPrefix !== 'string' || typeof nationalPattern !== 'string') return null;
  if (!isLengthList(possibleLengths)) return null;
  // The prefix stripped when parsing defaults to the national prefix itself.
  const nationalPrefix = optionalText(tuple[7]) ?? optionalText(tuple[5]);
  const leadingDigits = optionalText(tuple[10]);
  let types: NumberType[] | undefined;
  const typeList = tuple[11];
  if (typeList && !Array.isArray(typeList)) return null;
  if (Array.isArray(typeList) && typeList.length > 0) {
    types = [];
    // The first ten entries are the types getNumberType checks (fixed line, mobile, toll free, ...).
    for (const entry of typeList.slice(0, 10) as unknown[]) {
      if (!entry) continue;
      if (!Array.isArray(entry)) return null;
      const [pattern, lengths] = entry as unknown[];
      if (typeof pattern !== 'string') return null;
      if (pattern === '') continue;
      if (lengths && !isLengthList(lengths)) return null;
      types.push({ pattern: new RegExp(`^(?:${pattern})$`), lengths: (lengths as number[] | undefined) || possibleLengths });
    }
  }
  return {
    callingCode,
    iddPrefix: new RegExp(`^(?:${iddPrefix})`),
    nationalPattern: new RegExp(`^(?:${nationalPattern})$`),
    possibleLengths,
    nationalPrefix: nationalPrefix === undefined ? undefined : new RegExp(`^(?:${nationalPrefix})`),
    transformRule: optionalText(tuple[8]),
    leadingDigits: leadingDigits === undefined ? undefined : new RegExp(`^(?:${leadingDigits})`),
    types,
  };
}

/** The compiled plan of a country (built on first use), or null when this path cannot reproduce it. */
function planOf(country: string): Plan | null {
  let plan = plans.get(country);
  if (plan === undefined) {
    const tuple = Object.hasOwn(countries, country) ? countries[country] : undefined;
    plan = tuple ? compilePlan(tuple) : null;
    plans.set(country, plan);
  }
  return plan;
}

/** libphonenumber's checkNumberLength, reduced to the verdicts parsing looks at. */
function lengthVerdict(digits: string, lengths: readonly number[]): 'possible' | 'too short' | 'too long' | 'invalid' {
  const length = digits.length;
  if (lengths[0] === length) return 'possible';
  if (lengths[0]! > length) return 'too short';
  if (lengths[lengths.length - 1]! < length) return 'too long';
  return lengths.indexOf(length, 1) >= 0 ? 'possible' : 'invalid';
}

// The last question hasNumberType answered, and its answer: a number whose calling code several countries share
// (+1) is asked about twice, once to find its country and once to validate it.
let lastPlan: Plan | undefined;
let lastNational = '';
let lastTyped = false;

/** getNumberType(...) !== undefined: the number matches the plan's pattern and one of its number types. */
function hasNumberType(plan: Plan, national: string): boolean {
  if (plan === lastPlan && national === lastNational) return lastTyped;
  const typed = plan.types !== undefined && plan.nationalPattern.test(national) &&
    plan.types.some((type) => type.lengths.includes(national.length) && type.pattern.test(national));
  lastPlan = plan;
  lastNational = national;
  lastTyped = typed;
  return typed;
}

/** getCountryByCallingCode: which of the countries sharing a calling code the national number belongs to. */
function countryOf(callingCode: string, national: string): string | undefined | typeof NOT_SURE {
  const candidates = callingCodes.get(callingCode);
  if (!candidates) return undefined;
  if (candidates.length === 1) return candidates[0];
  for (const country of candidates) {
    const plan = planOf(country);
    if (!plan) return NOT_SURE;
    // A country with leading digits is decided by them alone, without its type patterns.
    if (plan.leadingDigits) {
      if (national && plan.leadingDigits.test(national)) return country;
    } else if (hasNumberType(plan, national)) return country;
  }
  return undefined;
}

/** extractNationalNumber: takes off the national (trunk) prefix, unless that leaves a worse number. */
function nationalSignificant(digits: string, plan: Plan): string | typeof NOT_SURE {
  if (!digits || !plan.nationalPrefix) return digits;
  const match = plan.nationalPrefix.exec(digits);
  if (!match) return digits;
  const lastGroup = match.length - 1;
  const captured = lastGroup > 0 && Boolean(match[lastGroup]);
  const national = plan.transformRule && captured ? digits.replace(plan.nationalPrefix, plan.transformRule) : digits.slice(match[0].length);
  if (national === digits) return digits;
  if (plan.nationalPattern.test(digits) && !plan.nationalPattern.test(national)) return digits;
  const country = countryOf(plan.callingCode, national);
  if (country === NOT_SURE) return NOT_SURE;
  const countryPlan = country === undefined ? plan : planOf(country);
  if (!countryPlan) return NOT_SURE;
  const verdict = lengthVerdict(national, countryPlan.possibleLengths);
  return verdict === 'too short' || verdict === 'invalid' ? digits : national;
}

/** The end of parse() and isValid() once the calling code is known; `country` is set for a number written nationally. */
function validNumber(callingCode: string, country: string | undefined, rest: string): string | undefined | typeof NOT_SURE {
  if (!rest) return undefined;
  const plan = planOf(country ?? callingCodes.get(callingCode)![0]!);
  if (!plan) return NOT_SURE;
  const national = nationalSignificant(rest, plan);
  if (national === NOT_SURE) return NOT_SURE;
  const exactCountry = countryOf(callingCode, national);
  if (exactCountry === NOT_SURE) return NOT_SURE;
  if (national.length < MIN_NATIONAL_LENGTH || national.length > MAX_NATIONAL_LENGTH) return undefined;
  const finalCountry = exactCountry ?? country;
  const validationPlan = finalCountry ? planOf(finalCountry) : plan;
  if (!validationPlan) return NOT_SURE;
  const valid = validationPlan.types ? hasNumberType(validationPlan, national) : validationPlan.nationalPattern.test(national);
  return valid ? `+${callingCode}${national}` : undefined;
}

/** A number written with its calling code: the code is the first one to three digits that name a known one. */
function internationalNumber(digits: string): string | undefined | typeof NOT_SURE {
  if (digits[0] === '0') return undefined;
  for (let length = 1; length <= 3 && length <= digits.length; length += 1) {
    const callingCode = digits.slice(0, length);
    if (nonGeographic.has(callingCode)) return NOT_SURE;
    const candidates = callingCodes.get(callingCode);
    if (!candidates) continue;
    if (candidates.length === 0 || candidates[0]!.length !== 2) return NOT_SURE;
    return validNumber(callingCode, undefined, digits.slice(length));
  }
  return undefined;
}

/** A number written without "+": an international dialling prefix, the home calling code typed without "+", or a national number. */
function numberWithoutPlus(digits: string, region: string, home: Plan): string | undefined | typeof NOT_SURE {
  const idd = home.iddPrefix.exec(digits);
  if (idd && idd[0] !== '' && digits.length > idd[0].length && digits[idd[0].length] !== '0') {
    return internationalNumber(digits.slice(idd[0].length));
  }
  const callingCode = home.callingCode;
  if (digits.startsWith(callingCode)) {
    const shorter = digits.slice(callingCode.length);
    const whole = nationalSignificant(digits, home);
    const withoutCode = nationalSignificant(shorter, home);
    if (whole === NOT_SURE || withoutCode === NOT_SURE) return NOT_SURE;
    const better = !home.nationalPattern.test(whole) && home.nationalPattern.test(withoutCode);
    if (better || lengthVerdict(whole, home.possibleLengths) === 'too long') return validNumber(callingCode, undefined, shorter);
  }
  return validNumber(callingCode, region, digits);
}

/**
 * normalizePhone's answer computed without libphonenumber's parser: the E.164 number, undefined when it is not a
 * valid number, or NOT_SURE when the input holds digits and anything but ` -.()/` separators after an optional "+".
 */
export function normalizeCommonPhone(raw: string, region: string): string | undefined | typeof NOT_SURE {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > 40) return undefined;
  if (!KNOWN_LAYOUT) return NOT_SURE;
  let plus = trimmed.charCodeAt(0) === 43;
  let digits = '';
  let trunkZeroDropped = !plus;
  // Digits are taken a run at a time: a sync reads millions of phones, and a string grown a digit at a time is
  // copied at every digit.
  let run = -1;
  for (let index = plus ? 1 : 0; index < trimmed.length; index += 1) {
    const code = trimmed.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      if (run < 0) run = index;
      continue;
    }
    if (run >= 0) {
      digits += trimmed.slice(run, index);
      run = -1;
    }
    if (!isSeparator(code)) return ANY_DIGIT.test(trimmed) ? NOT_SURE : undefined;
    if (!trunkZeroDropped && code === OPEN_PARENTHESIS && trimmed.startsWith('0)', index + 1)) {
      // "+44 (0)20 …": the first bracketed trunk zero is not dialled from abroad.
      trunkZeroDropped = true;
      index += 2;
    }
  }
  if (run >= 0) digits += trimmed.slice(run);
  if (!plus && digits.startsWith('00')) [plus, digits] = [true, digits.slice(2)];
  else if (!plus && digits.startsWith('011') && NANP_REGIONS.has(region)) [plus, digits] = [true, digits.slice(3)];
  if (digits.length < 2) return undefined;
  // Two digits are a number to libphonenumber only when nothing separates them; not worth replaying.
  if (digits.length === 2) return NOT_SURE;
  if (plus) return internationalNumber(digits);
  const home = Object.hasOwn(countries, region) ? planOf(region) : undefined;
  if (home === null) return NOT_SURE;
  return home ? numberWithoutPlus(digits, region, home) : undefined;
}
