// Maps a database row to a Talkdesk contact (spec section 3), and reports what a user should fix.
import type { Row } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import type { ContactsMapping } from '../profile/schema.js';
import { normalizePhone } from './phone.js';
import { parseTemplate, renderTemplate, type Template } from './template.js';

export interface TalkdeskContact {
  id: string;
  name: string;
  company?: string;
  title?: string;
  emails?: string[];
  phones?: string[];
  photo_url?: string;
  address?: string;
  websites?: string[];
  twitter?: string;
  url?: string;
}

export interface MappedContact {
  contact: TalkdeskContact;
  /** Things a user would want to fix in the data or the mapping ("phone "12" in mobile is not a number"). */
  problems: string[];
}

export interface ContactMapper {
  /** Every column the mapping reads, key and checkpoint included. */
  readonly columns: string[];
  /** Plain columns holding phones / e-mails, usable for lookups. */
  readonly phoneColumns: string[];
  readonly emailColumns: string[];
  map(row: Row): MappedContact;
}

const SINGLE_FIELDS = ['company', 'title', 'photo_url', 'address', 'twitter', 'url'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Parses field references, naming the profile path of any that is malformed. */
export function compileTemplates(refs: string | string[] | undefined, path: string): Template[] {
  const list = refs === undefined ? [] : Array.isArray(refs) ? refs : [refs];
  return list.map((ref, index) => {
    try {
      return parseTemplate(ref);
    } catch (error) {
      const where = Array.isArray(refs) ? `${path}[${index}]` : path;
      throw new BridgeError('invalid_profile', `${where}: ${(error as Error).message}`);
    }
  });
}

/** A cell may hold several values ("a@x.com; b@y.com"). */
function splitValues(value: string): string[] {
  if (!/[;,\n]/.test(value)) return [value];
  return value.split(/[;,\n]/).map((part) => part.trim()).filter(Boolean);
}

/** Compiles a contacts mapping once; `map` then runs per row without re-parsing anything. */
export function compileContactMapping(mapping: ContactsMapping, path = 'contacts'): ContactMapper {
  const fields = mapping.fields;
  const name = compileTemplates(fields.name, `${path}.fields.name`)[0]!;
  const singles = SINGLE_FIELDS.flatMap((field) =>
    fields[field] === undefined ? [] : [[field, compileTemplates(fields[field], `${path}.fields.${field}`)[0]!] as const]);
  const phones = compileTemplates(fields.phones, `${path}.fields.phones`);
  const emails = compileTemplates(fields.emails, `${path}.fields.emails`);
  const websites = compileTemplates(fields.websites, `${path}.fields.websites`);
  const all = [name, ...singles.map(([, template]) => template), ...phones, ...emails, ...websites];
  const columns = [...new Set([mapping.key, mapping.checkpoint, ...all.flatMap((template) => template.refs)])];
  const region = mapping.phoneRegion;

  const listOf = (templates: Template[], row: Row): string[] => {
    return templates.flatMap((template) => {
      const value = renderTemplate(template, row);
      return value === undefined ? [] : splitValues(String(value));
    });
  };

  return {
    columns,
    phoneColumns: phones.filter((template) => template.isColumn).map((template) => template.source),
    emailColumns: emails.filter((template) => template.isColumn).map((template) => template.source),
    map(row: Row): MappedContact {
      const problems: string[] = [];
      const contact: TalkdeskContact = { id: String(row[mapping.key]), name: '' };
      for (const [field, template] of singles) {
        const value = renderTemplate(template, row);
        if (value !== undefined) contact[field] = String(value);
      }
      const phoneSet = new Set<string>();
      for (const raw of listOf(phones, row)) {
        const e164 = normalizePhone(raw, region);
        if (e164) phoneSet.add(e164);
        else problems.push(`phone "${raw}" is not a valid number for region ${region}`);
      }
      const emailSet = new Map<string, string>();
      for (const raw of listOf(emails, row)) {
        if (EMAIL.test(raw)) { if (!emailSet.has(raw.toLowerCase())) emailSet.set(raw.toLowerCase(), raw); }
        else problems.push(`e-mail "${raw}" is not an address`);
      }
      const siteList = [...new Set(listOf(websites, row))];
      if (phoneSet.size) contact.phones = [...phoneSet];
      if (emailSet.size) contact.emails = [...emailSet.values()];
      if (siteList.length) contact.websites = siteList;
      const rendered = renderTemplate(name, row);
      if (rendered !== undefined) {
        contact.name = String(rendered);
      } else {
        // Talkdesk requires a name: fall back to what identifies the contact best.
        contact.name = contact.emails?.[0] ?? contact.phones?.[0] ?? contact.id;
        problems.push(`name is empty; sent as "${contact.name}"`);
      }
      return { contact, problems };
    },
  };
}
