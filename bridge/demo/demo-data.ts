// Deterministic fake CRM data: names, companies, and phone numbers in the formats real databases hold.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A small seeded generator (mulberry32), so every demo database is the same. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = ['James', 'Mary', 'João', 'Ana', 'Liam', 'Olivia', 'Noah', 'Emma', 'Lukas', 'Sophie', 'Mateo', 'Chloé',
  'Aarav', 'Mei', 'Oliver', 'Amelia', 'Zoë', 'Ethan', 'Inês', 'Björn', 'Fatima', 'Hiroshi', 'Grace', 'Diego', 'Anaïs', 'Jack'];
export const LAST_NAMES = ['Smith', 'Johnson', 'Silva', 'Santos', 'Müller', 'Brown', 'García', 'Williams', 'Jones', 'Taylor', "O'Brien",
  'Martin', 'Rossi', 'Nguyen', 'Kowalski', 'Dubois', 'Fernandes', 'Schmidt', 'Andersson', 'Tanaka', 'Costa', 'Murphy', 'Lee'];
export const COMPANIES = ['Acme Logistics', 'Northwind Traders', 'Globex', 'Initech', 'Umbrella Health', 'Stark Supplies',
  'Wayne Foods', 'Soylent & Co', 'Hooli', 'Vandelay Industries', 'Oceanic Air', 'Cyberdyne', 'Tyrell Retail', 'Lisboa Têxteis'];
export const TITLES = ['Owner', 'Office Manager', 'Purchasing Lead', 'CFO', 'Operations Director', 'Receptionist', 'IT Admin', 'Buyer'];
export const CITIES = [['New York', 'US'], ['Chicago', 'US'], ['San Francisco', 'US'], ['Boston', 'US'], ['London', 'GB'],
  ['Lisbon', 'PT'], ['Porto', 'PT'], ['Berlin', 'DE']] as const;
export const STREETS = ['Main St', 'Oak Avenue', 'Rua Augusta', 'High Street', 'Unter den Linden', 'Market Street', 'Baker Street'];

type Region = (typeof CITIES)[number][1];

function digits(random: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) text += Math.floor(random() * 10);
  return text;
}

/** A valid E.164 number of the region (checked with libphonenumber). */
export function makeNumber(random: () => number, region: Region, mobile: boolean): string {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    let candidate: string;
    if (region === 'US') {
      const area = ['212', '312', '415', '617', '206', '303', '404', '512', '702', '919'][Math.floor(random() * 10)]!;
      candidate = `+1${area}${2 + Math.floor(random() * 8)}${digits(random, 6)}`;
    } else if (region === 'GB') {
      candidate = mobile ? `+447911${digits(random, 6)}` : `+4420${pick(random, ['3', '7', '8'])}${digits(random, 7)}`;
    } else if (region === 'PT') {
      candidate = mobile ? `+3519${['1', '2', '3', '6'][Math.floor(random() * 4)]}${digits(random, 7)}` : `+35121${digits(random, 7)}`;
    } else {
      candidate = mobile ? `+49151${digits(random, 8)}` : `+4930${digits(random, 8)}`;
    }
    if (parsePhoneNumberFromString(candidate)?.isValid()) return candidate;
  }
  throw new Error(`no valid ${region} number generated`);
}

/** The number written the way some person once typed it into a CRM. */
export function writeNumber(random: () => number, e164: string): string {
  const parsed = parsePhoneNumberFromString(e164)!;
  const international = parsed.formatInternational();
  const national = parsed.formatNational();
  const cc = parsed.countryCallingCode;
  if (cc === '1') {
    const [area, exchange, line] = [parsed.nationalNumber.slice(0, 3), parsed.nationalNumber.slice(3, 6), parsed.nationalNumber.slice(6)];
    const forms = [e164, national, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, parsed.nationalNumber,
      `+1 ${area}-${exchange}-${line}`, `1-${area}-${exchange}-${line}`, `+1 (${area}) ${exchange}-${line}`, international];
    return forms[Math.floor(random() * forms.length)]!;
  }
  const rest = international.split(' ').slice(1);
  const forms = [e164, international, `00${cc} ${rest.join(' ')}`, `00${cc}${parsed.nationalNumber}`];
  // "+44 (0)20 …" is how people write numbers of countries that dial a trunk zero at home.
  if (national.startsWith('0')) forms.push(`+${cc} (0)${rest.join(' ')}`);
  return forms[Math.floor(random() * forms.length)]!;
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}
