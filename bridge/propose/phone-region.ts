// The phone region: the country whose rules read the stored numbers best, the machine's locale breaking ties.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Value } from '../../connectors/index.js';

/** Regions tried besides the locale's and those of numbers stored with a country code. */
const COMMON_REGIONS = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'PT', 'BR', 'ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'DE', 'AT', 'CH', 'FR', 'IT', 'NL', 'BE', 'IN', 'ZA'];

/** The region of the machine's locale (`en-US` → US), or undefined. */
export function localeRegion(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): string | undefined {
  const match = /[-_]([A-Z]{2})\b/.exec(locale);
  return match?.[1];
}

const digitsOf = (text: string): string => text.replace(/\D/g, '');
const isInternational = (text: string): boolean => text.trim().startsWith('+') || digitsOf(text).startsWith('00');

/**
 * How well a region reads a number written without a country code: 0 when not valid there or when the region writes
 * it with other digits (a trunk 0 the stored number lacks), 2 when the digits agree, 3 when it is written exactly as
 * the region writes it. Validity alone does not tell countries apart: German rules accept most ten-digit numbers.
 */
function fit(number: string, region: string): number {
  const parsed = parsePhoneNumberFromString(number, region as CountryCode);
  if (!parsed || !parsed.isValid()) return 0;
  const national = parsed.formatNational();
  if (digitsOf(national) !== digitsOf(number)) return 0;
  return national === number.trim() ? 3 : 2;
}

export interface RegionChoice { region: string; readable: number; total: number; reason: string }

export function chooseRegion(values: Value[], locale: string | undefined): RegionChoice {
  const numbers = values.filter((value): value is string => typeof value === 'string' && /\d/.test(value)).slice(0, 400);
  const home = localeRegion(locale);
  const fallback = home ?? 'US';
  if (numbers.length === 0) return { region: fallback, readable: 0, total: 0, reason: `There are no phone numbers to read; the machine's locale (${locale ?? 'unknown'}) gives ${fallback}.` };
  const scores = new Map<string, { score: number; readable: number }>();
  const credit = (region: string, score: number) => {
    const entry = scores.get(region) ?? { score: 0, readable: 0 };
    scores.set(region, { score: entry.score + score, readable: entry.readable + (score > 0 ? 1 : 0) });
  };
  if (home) scores.set(home, { score: 0, readable: 0 });
  for (const region of COMMON_REGIONS) if (!scores.has(region)) scores.set(region, { score: 0, readable: 0 });
  const local = numbers.filter((number) => !isInternational(number));
  for (const number of numbers.filter(isInternational)) {
    const country = parsePhoneNumberFromString(number.trim().replace(/^00/, '+'))?.country;
    if (country) credit(country, 2);
  }
  for (const region of [...scores.keys()]) for (const number of local) credit(region, fit(number, region));
  // Map order puts the locale first, so it wins a tie.
  let best: [string, { score: number; readable: number }] | undefined;
  for (const entry of scores) if (!best || entry[1].score > best[1].score) best = entry;
  const [region, { score, readable }] = best!;
  const tied = [...scores].filter(([other, entry]) => other !== region && entry.score === score).map(([other]) => other);
  const counted = `${readable} of ${numbers.length} sampled numbers read as ${region} numbers`;
  let reason = `${counted}, more than as any other country's.`;
  if (tied.length > 0) reason = `${counted}, as well as for ${tied.slice(0, 3).join(', ')}; ${region === home ? "the machine's locale decides" : 'check the region'}.`;
  return { region, readable, total: numbers.length, reason };
}
