// Interaction retrieval (spec section 4): find the contact by external id, phones or e-mails, then its interactions.
import type { Connector, ContactRowsQuery, Row, Value } from '../connectors/index.js';
import type { ContactMapper } from './mapping/contact.js';
import type { InteractionMapper, TalkdeskInteraction } from './mapping/interaction.js';
import { normalizePhone, phoneCandidates } from './mapping/phone.js';
import type { Integration } from './profile/schema.js';

export interface InteractionQuery {
  types?: string[];
  contactExternalId?: string;
  phones: string[];
  emails: string[];
}

/** At most this many interactions are returned in all; Talkdesk defines no paging. */
export const MAX_INTERACTIONS = 200;
const MAX_CONTACTS = 20;

/** Keys of the contacts with any of these E.164 numbers from the phone index; undefined when it cannot answer. */
export type PhoneIndexLookup = (numbers: readonly string[], limit: number) => Value[] | undefined;

export class InteractionLookup {
  constructor(
    private readonly integration: Integration,
    private readonly connector: Connector,
    private readonly contacts: ContactMapper,
    private readonly mappers: InteractionMapper[],
    private readonly phoneIndex?: PhoneIndexLookup,
  ) {}

  /** Interactions of the requested types for the contact, newest first, capped. */
  async retrieve(query: InteractionQuery): Promise<TalkdeskInteraction[]> {
    const wanted = query.types && query.types.length > 0 ? new Set(query.types) : undefined;
    const mappers = this.mappers.filter((mapper) => !wanted || wanted.has(mapper.type));
    if (mappers.length === 0) return [];
    const rowSets = await this.rowSets(query, mappers.map((mapper) => {
      const config = this.integration.interactions.find((interaction) => interaction.type === mapper.type)!;
      return {
        source: config.source, columns: mapper.columns, contactColumn: config.contactKey, limit: config.limit,
        orderBy: mapper.orderColumn ? { column: mapper.orderColumn, direction: 'desc' as const } : undefined,
      };
    }));
    const found = rowSets.flatMap((rows, index) => rows.map((row) => mappers[index]!.map(row)).filter((mapped) => mapped !== undefined));
    found.sort((a, b) => b.instant - a.instant);
    return found.slice(0, MAX_INTERACTIONS).map((entry) => entry.interaction);
  }

  /**
   * Each type's rows for the contact the request points at: its external id, else its phones (from the phone index
   * when it knows the number), else its e-mails.
   * The types are read in one statement where the database allows, with the phone match too on PostgreSQL.
   */
  private async rowSets(query: InteractionQuery, queries: ContactRowsQuery[]): Promise<Row[][]> {
    const forKeys = (keys: Value[]) => this.connector.selectRowSets(queries.map(({ contactColumn, ...rows }) => ({ ...rows, where: { column: contactColumn, values: keys } })));
    if (query.contactExternalId) return forKeys([query.contactExternalId]);
    const { source, key, phoneRegion } = this.integration.contacts;
    const numbers = [...new Set(query.phones.map((phone) => normalizePhone(phone, phoneRegion)).filter((phone): phone is string => !!phone))];
    // The index finds every number a sync sent, in any stored form. A number it does not hold may belong to a
    // contact created since its last refresh: then, as before it is ready, the database is asked for its forms.
    const indexed = numbers.length > 0 ? this.indexedKeys(numbers) : undefined;
    if (indexed && indexed.keys.length > 0) {
      const more = indexed.missing.length > 0 && this.contacts.phoneColumns.length > 0
        ? await this.connector.findContactKeys({ source, key, limit: MAX_CONTACTS, equals: this.phoneForms(indexed.missing) }) : [];
      const keys = new Map([...indexed.keys, ...more].map((found) => [String(found), found]));
      return forKeys([...keys.values()].slice(0, MAX_CONTACTS));
    }
    if (numbers.length > 0 && this.contacts.phoneColumns.length > 0) {
      const equals = this.phoneForms(numbers);
      const found = await this.connector.findContactRows({ source, key, limit: MAX_CONTACTS, equals }, queries);
      if (found.keys.length > 0) return found.rowSets;
    }
    const emails = [...new Set(query.emails.map((email) => email.trim().toLowerCase()).filter((email) => email.includes('@')))];
    if (emails.length === 0 || this.contacts.emailColumns.length === 0) return [];
    const keys = await this.connector.findContactKeys({
      source, key, limit: MAX_CONTACTS, equals: [], emails: { columns: this.contacts.emailColumns, values: emails },
    });
    return keys.length > 0 ? forKeys(keys) : [];
  }

  /** The forms the numbers may be stored in, matched in each plain phone column. */
  private phoneForms(numbers: readonly string[]): Array<{ column: string; values: Value[] }> {
    const values = numbers.flatMap((number) => phoneCandidates(number));
    return this.contacts.phoneColumns.map((column) => ({ column, values }));
  }

  /** The index's keys for the numbers, and the numbers it does not hold; undefined when it cannot answer. */
  private indexedKeys(numbers: readonly string[]): { keys: Value[]; missing: string[] } | undefined {
    if (!this.phoneIndex) return undefined;
    const keys: Value[] = [];
    const missing: string[] = [];
    for (const number of numbers) {
      const found = this.phoneIndex([number], MAX_CONTACTS);
      if (!found) return undefined;
      if (found.length === 0) missing.push(number);
      keys.push(...found);
    }
    return { keys, missing };
  }
}
