// The contact's fields: name, phones, e-mails, company, title, address, photo and website, each from the columns that hold them.
import type { Value } from '../../connectors/index.js';
import type { ContactsMapping } from '../profile/schema.js';
import { bestColumn, isText, looksLikeEmail, looksLikePhone, looksLikeUrl, shareOf } from './columns.js';
import type { Notes } from './notes.js';
import type { ColumnProfile, TableProfile } from './schema-reader.js';
import {
  BARE_NAME, CITY, COMPANY, COUNTRY, EMAIL, FIRST_NAME, FIRST_NAME_BESIDE_LAST, FULL_NAME, JOB_TITLE, LAST_NAME, NOT_A_PHONE, PHONE, PHOTO,
  POSTCODE, REGION, STREET, TWITTER, WEBSITE,
} from './words.js';

type Fields = ContactsMapping['fields'];

const ref = (column: ColumnProfile): string => `{${column.name}}`;

function chooseName(table: TableProfile, notes: Notes, taken: Set<string>): string {
  const text = table.columns.filter(isText);
  let last = bestColumn(text, LAST_NAME);
  const first = bestColumn(text, FIRST_NAME, (column) => column !== last) ?? (last ? bestColumn(text, FIRST_NAME_BESIDE_LAST, (column) => column !== last) : undefined);
  if (first && !last) last = text.find((column) => column !== first && BARE_NAME.score(column.words) === 3);
  if (first && last) {
    taken.add(first.name).add(last.name);
    const template = `${ref(first)} ${ref(last)}`;
    notes.add('contacts.fields.name', template, `The name is built from the first-name column "${first.name}" and the last-name column "${last.name}".`);
    return template;
  }
  const full = bestColumn(text, FULL_NAME, (column) => !COMPANY.has(column.words));
  if (full) {
    taken.add(full.name);
    notes.add('contacts.fields.name', full.name, `"${full.name}" holds the contact's name.`);
    return full.name;
  }
  const part = first ?? last;
  if (part) {
    taken.add(part.name);
    notes.add('contacts.fields.name', part.name, `Only "${part.name}" holds part of a name: check.`, 'check');
    return part.name;
  }
  const stand = bestColumn(text, COMPANY) ?? bestColumn(text, EMAIL) ?? text[0] ?? table.columns[0]!;
  notes.add('contacts.fields.name', stand.name, `No column holds a name; "${stand.name}" stands in for it: choose the name.`, 'missing');
  return stand.name;
}

/** Phone columns: named like phones with values that look like numbers (or none yet), or any text column whose values are numbers. */
function choosePhones(table: TableProfile, key: string, notes: Notes, taken: Set<string>): ColumnProfile[] {
  const phones = table.columns.filter((column) => {
    if (taken.has(column.name) || column.name === key || column.kind === 'binary' || column.kind === 'date' || column.kind === 'bool') return false;
    // Postcodes are digits and dashes too.
    if (POSTCODE.has(column.words)) return false;
    const share = shareOf(column.values, looksLikePhone);
    if (PHONE.has(column.words) && !NOT_A_PHONE.has(column.words)) return column.values.length === 0 || share >= 0.5;
    return isText(column) && column.values.length >= 3 && share >= 0.8 && !NOT_A_PHONE.has(column.words);
  });
  for (const column of phones) {
    taken.add(column.name);
    const share = Math.round(shareOf(column.values, looksLikePhone) * 100);
    const reason = column.values.length === 0
      ? `"${column.name}" is named like a phone column; it was empty in the sample, so its values could not be checked.`
      : PHONE.has(column.words)
        ? `"${column.name}" is named like a phone column and ${share}% of its sampled values are phone numbers.`
        : `${share}% of the values in "${column.name}" are phone numbers.`;
    notes.add(`contacts.fields.phones`, column.name, reason, column.values.length === 0 ? 'check' : undefined);
  }
  return phones;
}

function chooseEmails(table: TableProfile, notes: Notes, taken: Set<string>): ColumnProfile[] {
  const emails = table.columns.filter((column) => {
    if (taken.has(column.name) || !isText(column)) return false;
    const share = shareOf(column.values, looksLikeEmail);
    return EMAIL.has(column.words) ? column.values.length === 0 || share >= 0.5 : column.values.length >= 3 && share >= 0.8;
  });
  for (const column of emails) {
    taken.add(column.name);
    notes.add('contacts.fields.emails', column.name, column.values.length === 0 ? `"${column.name}" is named like an e-mail column (empty in the sample).` : `"${column.name}" holds e-mail addresses.`);
  }
  return emails;
}

/** "{street}, {postcode} {city}, {region}, {country}" from the parts that exist. */
function chooseAddress(table: TableProfile, notes: Notes, taken: Set<string>): string | undefined {
  const pick = (vocabulary: typeof STREET) => bestColumn(table.columns, vocabulary, (column) => isText(column) && !taken.has(column.name));
  const street = pick(STREET);
  const city = pick(CITY);
  if (!street && !city) return undefined;
  const postcode = bestColumn(table.columns, POSTCODE, (column) => !taken.has(column.name) && column.kind !== 'date');
  const region = pick(REGION);
  const country = pick(COUNTRY);
  const parts = [street && ref(street), [postcode && ref(postcode), city && ref(city)].filter(Boolean).join(' '), region && ref(region), country && ref(country)].filter(Boolean);
  const template = parts.join(', ');
  const used = [street, postcode, city, region, country].filter((column): column is ColumnProfile => !!column);
  used.forEach((column) => taken.add(column.name));
  notes.add('contacts.fields.address', template, `The address is put together from ${used.map((column) => `"${column.name}"`).join(', ')}.`);
  return template;
}

function chooseOne(table: TableProfile, field: keyof Fields, vocabulary: typeof COMPANY, notes: Notes, taken: Set<string>, check?: (values: Value[]) => boolean): string | undefined {
  const column = bestColumn(table.columns, vocabulary, (candidate) => isText(candidate) && !taken.has(candidate.name) && (!check || candidate.values.length === 0 || check(candidate.values)));
  if (!column) return undefined;
  taken.add(column.name);
  notes.add(`contacts.fields.${field}`, column.name, `"${column.name}" is named like a ${field.replace('_url', '').replace(/s$/, '')} column.`, column.values.length === 0 ? 'check' : undefined);
  return column.name;
}

export function chooseFields(table: TableProfile, key: string, notes: Notes): { fields: Fields; phoneValues: Value[] } {
  const taken = new Set<string>();
  const name = chooseName(table, notes, taken);
  const phones = choosePhones(table, key, notes, taken);
  const emails = chooseEmails(table, notes, taken);
  const fields: Fields = { name };
  if (phones.length > 0) fields.phones = phones.map((column) => column.name);
  else notes.add('contacts.fields.phones', undefined, 'No column holds phone numbers: Talkdesk will not recognise callers by number.', 'missing');
  if (emails.length > 0) fields.emails = emails.map((column) => column.name);
  const company = chooseOne(table, 'company', COMPANY, notes, taken);
  if (company) fields.company = company;
  const title = chooseOne(table, 'title', JOB_TITLE, notes, taken);
  if (title) fields.title = title;
  const address = chooseAddress(table, notes, taken);
  if (address) fields.address = address;
  const urls = (values: Value[]) => shareOf(values, looksLikeUrl) >= 0.8;
  const photo = chooseOne(table, 'photo_url', PHOTO, notes, taken, urls);
  if (photo) fields.photo_url = photo;
  const website = chooseOne(table, 'websites', WEBSITE, notes, taken, (values) => shareOf(values, (value) => /^(https?:\/\/)?[\w-]+(\.[\w-]+)+/.test(String(value))) >= 0.8);
  if (website) fields.websites = website;
  const twitter = chooseOne(table, 'twitter', TWITTER, notes, taken);
  if (twitter) fields.twitter = twitter;
  for (const column of table.columns) {
    if (column.kind === 'binary' && PHOTO.has(column.words)) notes.add('contacts.fields.photo_url', undefined, `"${column.name}" holds the picture itself; Talkdesk shows a picture only from a web address, so it is left out.`);
  }
  return { fields, phoneValues: phones.flatMap((column) => column.values) };
}
