// Maps a database row to a Talkdesk contact (spec section 3), and reports what a user should fix.
import type { PageRow, Row, Value } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import type { ContactsMapping } from '../profile/schema.js';
import { normalizePhone } from './phone.js';
import { bindTemplate, parseTemplate, renderTemplate, type Template } from './template.js';
import type { TalkdeskContact } from '../contract/admin.js';
export type { TalkdeskContact };


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
  /** The row's contact and what a user should fix in it (previews). */
  map(row: Row): MappedContact;
  /**
   * The contact alone of a sync page's rows, arrays in `columns` order: nothing is spent describing problems. The
   * pages of one source come with the same columns, so the last binding is kept and handed out again.
   */
  pageContact(columns: readonly string[]): (row: PageRow) => TalkdeskContact;
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

const SEVERAL = /[;,\n]/;

/** A cell may hold several values ("a@x.com; b@y.com"). */
function splitValues(value: string): string[] {
  return value.split(SEVERAL).map((part) => part.trim()).filter(Boolean);
}

/** How a field's value is read from a row of type R: a template bound to by-name rows or to array rows. */
type Render<R> = (row: R) => Value | undefined;

interface Renderers<R> {
  key: Render<R>;
  name: Render<R>;
  singles: ReadonlyArray<readonly [typeof SINGLE_FIELDS[number], Render<R>]>;
  phones: Array<Render<R>>;
  emails: Array<Render<R>>;
  websites: Array<Render<R>>;
}

/** Adds the values of the fields to `into`, splitting cells that hold several. */
function collect<R>(renders: Array<Render<R>>, row: R, into: (value: string) => void): void {
  for (const render of renders) {
    const value = render(row);
    if (value === undefined) continue;
    const text = String(value);
    if (!SEVERAL.test(text)) into(text);
    else for (const part of splitValues(text)) into(part);
  }
}

/** The contact of a row; what a user should fix goes to `problems` when one is given. */
function contactOf<R>(renders: Renderers<R>, region: string, row: R, problems?: string[]): TalkdeskContact {
  const contact: TalkdeskContact = { id: String(renders.key(row)), name: '' };
  for (const [field, render] of renders.singles) {
    const value = render(row);
    if (value !== undefined) contact[field] = String(value);
  }
  let phoneList: string[] | undefined;
  collect(renders.phones, row, (raw) => {
    const e164 = normalizePhone(raw, region);
    if (e164) {
      if (!phoneList) phoneList = [e164];
      else if (!phoneList.includes(e164)) phoneList.push(e164);
    } else problems?.push(`phone "${raw}" is not a valid number for region ${region}`);
  });
  let emailList: string[] | undefined;
  collect(renders.emails, row, (raw) => {
    if (!EMAIL.test(raw)) {
      problems?.push(`e-mail "${raw}" is not an address`);
      return;
    }
    const lower = raw.toLowerCase();
    if (!emailList) emailList = [raw];
    else if (!emailList.some((email) => email.toLowerCase() === lower)) emailList.push(raw);
  });
  let siteList: string[] | undefined;
  collect(renders.websites, row, (site) => {
    if (!siteList) siteList = [site];
    else if (!siteList.includes(site)) siteList.push(site);
  });
  if (phoneList) contact.phones = phoneList;
  if (emailList) contact.emails = emailList;
  if (siteList) contact.websites = siteList;
  const rendered = renders.name(row);
  if (rendered !== undefined) {
    contact.name = String(rendered);
  } else {
    // Talkdesk requires a name: fall back to what identifies the contact best.
    contact.name = contact.emails?.[0] ?? contact.phones?.[0] ?? contact.id;
    problems?.push(`name is empty; sent as "${contact.name}"`);
  }
  return contact;
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

  function renderers<R>(key: Render<R>, bind: (template: Template) => Render<R>): Renderers<R> {
    return {
      key, name: bind(name), singles: singles.map(([field, template]) => [field, bind(template)] as const),
      phones: phones.map(bind), emails: emails.map(bind), websites: websites.map(bind),
    };
  }
  const byName = renderers<Row>((row) => row[mapping.key], (template) => (row) => renderTemplate(template, row));
  let bound: { signature: string; contactOf: (row: PageRow) => TalkdeskContact } | undefined;

  return {
    columns,
    phoneColumns: phones.filter((template) => template.isColumn).map((template) => template.source),
    emailColumns: emails.filter((template) => template.isColumn).map((template) => template.source),
    map(row: Row): MappedContact {
      const problems: string[] = [];
      return { contact: contactOf(byName, region, row, problems), problems };
    },
    pageContact(pageColumns: readonly string[]) {
      const signature = pageColumns.join('\u0000');
      if (bound?.signature !== signature) {
        const key = pageColumns.indexOf(mapping.key);
        const byPosition = renderers<PageRow>((row) => row[key], (template) => bindTemplate(template, pageColumns));
        bound = { signature, contactOf: (row: PageRow) => contactOf(byPosition, region, row) };
      }
      return bound.contactOf;
    },
  };
}
