// Phone numbers: any stored format to E.164, and E.164 back to the formats a database may hold.
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import { NANP_REGIONS, NOT_SURE, normalizeCommonPhone } from './phone-fast.js';

/** Returns the number in E.164 (+15555555555), or undefined when it is not a valid number. */
export function normalizePhone(raw: string, region: string): string | undefined {
  // Syncs call this for every phone of every row: plain digit input takes the compiled path, the rest the library.
  const known = normalizeCommonPhone(raw, region);
  return known === NOT_SURE ? normalizePhoneWithLibrary(raw, region) : known;
}

/** normalizePhone computed by libphonenumber alone: the reference the compiled path must agree with. */
export function normalizePhoneWithLibrary(raw: string, region: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > 40) return undefined;
  // "+44 (0)20 …": the bracketed trunk zero is dialled only from inside the country.
  let candidate = trimmed.startsWith('+') ? trimmed.replace(/\(0\)/, '') : trimmed;
  if (!candidate.startsWith('+')) {
    // International dialling prefixes people store: 00 (most of the world) and 011 (North America).
    const digits = candidate.replace(/[^\d]/g, '');
    if (digits.startsWith('00')) candidate = `+${digits.slice(2)}`;
    else if (digits.startsWith('011') && NANP_REGIONS.has(region)) candidate = `+${digits.slice(3)}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, region as CountryCode);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

function groupsOf(formatted: string): string[] {
  return formatted.replace(/[()]/g, ' ').split(/[\s.-]+/).filter(Boolean);
}

/**
 * The strings a database may hold for this E.164 number: E.164 itself, international and national forms
 * with spaces, dashes, dots or nothing between groups, the 00 (and, for foreign numbers, 011) prefixes, and
 * only the conventions the country uses: parentheses round the area code where its national format has them,
 * the "+44 (0)" trunk zero where it has one. An `IN` over these lets an index serve a lookup by phone.
 */
export function phoneCandidates(e164: string): string[] {
  const layout = nanpLayout(e164) ?? libraryLayout(e164);
  if (!layout) return [e164];
  const { e164: number, cc, nsn, intlGroups, nationalGroups, nationalText } = layout;
  const result = new Set<string>([number, nsn, `${cc}${nsn}`, `00${cc}${nsn}`]);
  if (cc !== '1') result.add(`011${cc}${nsn}`);
  const trunkZero = nationalText.startsWith('0');
  const parentheses = nationalText.includes('(');
  for (const separator of [' ', '-', '.', '']) {
    const intl = intlGroups.join(separator);
    result.add(`+${cc} ${intl}`);
    result.add(`+${cc}${separator}${intl}`);
    result.add(`00${cc}${separator}${intl}`);
    result.add(`${cc}${separator}${intl}`);
    result.add(nationalGroups.join(separator));
    if (trunkZero) result.add(`+${cc} (0)${intl}`);
    if (parentheses && separator !== '.') {
      const [area, ...rest] = nationalGroups;
      result.add(`(${area}) ${rest.join(separator)}`);
      result.add(`+${cc} (${area}) ${rest.join(separator)}`);
    }
  }
  result.add(nationalText);
  return [...result];
}

/** How a number is written: its digit groups, internationally and nationally, and its national form. */
export interface PhoneLayout {
  e164: string;
  cc: string;
  nsn: string;
  intlGroups: string[];
  nationalGroups: string[];
  nationalText: string;
}

/** The layout libphonenumber gives: parsing and formatting twice, the costly way (docs/PERFORMANCE.md has its cost). */
export function libraryLayout(e164: string): PhoneLayout | undefined {
  const parsed: PhoneNumber | undefined = parsePhoneNumberFromString(e164);
  if (!parsed) return undefined;
  const nationalText = parsed.formatNational();
  return {
    e164: parsed.number, cc: parsed.countryCallingCode, nsn: parsed.nationalNumber,
    intlGroups: groupsOf(parsed.formatInternational()).slice(1), nationalGroups: groupsOf(nationalText), nationalText,
  };
}

const NANP = /^\+1([2-9]\d{2})([2-9]\d{2})(\d{4})$/;

/**
 * Every North American number is written (NPA) NXX-XXXX at home and +1 NPA-NXX-XXXX abroad: its layout is
 * known without the library. Caller lookups compute it on every call.
 */
export function nanpLayout(e164: string): PhoneLayout | undefined {
  const match = NANP.exec(e164);
  if (!match) return undefined;
  const [, area, exchange, line] = match as unknown as [string, string, string, string];
  return {
    e164, cc: '1', nsn: `${area}${exchange}${line}`, intlGroups: [area, exchange, line], nationalGroups: [area, exchange, line],
    nationalText: `(${area}) ${exchange}-${line}`,
  };
}
