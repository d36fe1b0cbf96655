// Messy contact data every dialect is loaded with: mixed phone formats, unicode, NULLs, equal timestamps, big keys.
import type { Dialect } from '../../connectors/index.js';

/** Fractional-second digits each dialect's checkpoint column keeps. */
export const FRACTION_DIGITS: Record<Dialect, number> = { sqlite: 3, mysql: 3, postgres: 6, mssql: 7 };

/** Keys beyond 2^53; SQLite reads integers as JavaScript numbers, so its keys stay small. */
export function keyBase(dialect: Dialect): bigint {
  return dialect === 'sqlite' ? 1_000_000_000n : 9_007_199_254_740_993n;
}

export const CONTACT_COUNT = 60;
export const NULL_CHECKPOINTS = 3;
export const EQUAL_CHECKPOINTS = 40;

/** The same number (+44 20 7946 0018) written five ways, as offices do. */
export const SHARED_PHONE_E164 = '+442079460018';
const SHARED_PHONE_FORMATS = ['+44 20 7946 0018', '020 7946 0018', '020-7946-0018', '+442079460018', '0044 20 7946 0018'];

export interface FixtureContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  score: number;
  active: boolean;
  /** 'YYYY-MM-DD HH:MM:SS.fffffff' cut to the dialect's digits, or null. */
  updatedAt: string | null;
}

/** A UTC timestamp text with `digits` fractional digits, `ticks` units of the last digit after 10:00:00.1234567. */
export function fixtureTimestamp(dialect: Dialect, day: number, ticks: number): string {
  const digits = FRACTION_DIGITS[dialect];
  const fraction = String(Number(String(1234567).slice(0, digits)) + ticks).padStart(digits, '0');
  return `2024-03-${String(day).padStart(2, '0')} 10:00:00.${fraction}`;
}

/** What the connector must report for a fixture timestamp (SQLite keeps its text as stored). */
export function expectedDate(dialect: Dialect, text: string): string {
  return dialect === 'sqlite' ? text : `${text.replace(' ', 'T')}Z`;
}

const NAMES = ['Zoë Ångström 😀', '山田 太郎', 'Łukasz Żółć', 'Ana Silva', 'O\'Brien, Siobhán', 'Δημήτρης', 'José Núñez', 'محمد'];

export function fixtureContacts(dialect: Dialect): FixtureContact[] {
  const base = keyBase(dialect);
  const contacts: FixtureContact[] = [];
  for (let index = 0; index < CONTACT_COUNT; index += 1) {
    let updatedAt: string | null;
    if (index < NULL_CHECKPOINTS) updatedAt = null;
    else if (index < NULL_CHECKPOINTS + EQUAL_CHECKPOINTS) updatedAt = fixtureTimestamp(dialect, 1, 0);
    // One tick apart: a cursor that lost a digit would repeat or skip these rows.
    else if (index < 46) updatedAt = fixtureTimestamp(dialect, 1, index < 45 ? 1 : 2);
    else updatedAt = fixtureTimestamp(dialect, 2 + index - 46, 0);
    const phoneFormat = SHARED_PHONE_FORMATS[index % 12];
    contacts.push({
      // Keys inserted out of order, so (checkpoint, key) order is not insertion order.
      id: String(base + BigInt((index * 37) % CONTACT_COUNT)),
      name: `${NAMES[index % NAMES.length]} #${index}`,
      email: index % 10 === 0 ? null : index === 7 ? 'Ana.Silva@Example.com' : index === 8 ? 'ANA.SILVA@EXAMPLE.COM' : `person${index}@example.org`,
      phone: phoneFormat ?? (index % 7 === 0 ? null : `+1 (555) 010-${String(1000 + index).slice(1)}`),
      notes: index % 3 === 0 ? null : `note ${index}`,
      score: index / 4,
      active: index % 5 !== 0,
      updatedAt,
    });
  }
  return contacts;
}

/** Keys of the contacts whose stored phone is one of the given candidate strings. */
export function keysWithPhoneIn(dialect: Dialect, candidates: string[]): string[] {
  const wanted = new Set(candidates);
  return fixtureContacts(dialect).filter((contact) => contact.phone !== null && wanted.has(contact.phone)).map((contact) => contact.id);
}
