// Interaction retrieval (spec section 4): find the contact by external id, phones or e-mails, then its interactions.
import type { Connector, Value } from '../connectors/index.js';
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

export class InteractionLookup {
  constructor(
    private readonly integration: Integration,
    private readonly connector: Connector,
    private readonly contacts: ContactMapper,
    private readonly mappers: InteractionMapper[],
  ) {}

  /** The contact keys the request points at: its external id, else its phones, else its e-mails. */
  async findContactKeys(query: InteractionQuery): Promise<Value[]> {
    if (query.contactExternalId) return [query.contactExternalId];
    const region = this.integration.contacts.phoneRegion;
    const numbers = [...new Set(query.phones.map((phone) => normalizePhone(phone, region)).filter((phone): phone is string => !!phone))];
    const source = this.integration.contacts.source;
    const key = this.integration.contacts.key;
    if (numbers.length > 0 && this.contacts.phoneColumns.length > 0) {
      const values = numbers.flatMap((number) => phoneCandidates(number));
      const keys = await this.connector.findContactKeys({
        source, key, limit: MAX_CONTACTS,
        equals: this.contacts.phoneColumns.map((column) => ({ column, values })),
      });
      if (keys.length > 0) return keys;
    }
    const emails = [...new Set(query.emails.map((email) => email.trim().toLowerCase()).filter((email) => email.includes('@')))];
    if (emails.length > 0 && this.contacts.emailColumns.length > 0) {
      return this.connector.findContactKeys({
        source, key, limit: MAX_CONTACTS, equals: [], emails: { columns: this.contacts.emailColumns, values: emails },
      });
    }
    return [];
  }

  /** Interactions of the requested types for the contact, newest first, capped. */
  async retrieve(query: InteractionQuery): Promise<TalkdeskInteraction[]> {
    const wanted = query.types && query.types.length > 0 ? new Set(query.types) : undefined;
    const mappers = this.mappers.filter((mapper) => !wanted || wanted.has(mapper.type));
    if (mappers.length === 0) return [];
    const keys = await this.findContactKeys(query);
    if (keys.length === 0) return [];
    // Every type in one statement where the dialect can: a caller waits for one round trip, not one per type.
    const configs = mappers.map((mapper) => this.integration.interactions.find((interaction) => interaction.type === mapper.type)!);
    const rowSets = await this.connector.selectRowSets(mappers.map((mapper, index) => ({
      source: configs[index]!.source,
      columns: mapper.columns,
      where: { column: configs[index]!.contactKey, values: keys },
      orderBy: mapper.orderColumn ? { column: mapper.orderColumn, direction: 'desc' } : undefined,
      limit: configs[index]!.limit,
    })));
    const perType = rowSets.map((rows, index) => rows.map((row) => mappers[index]!.map(row)).filter((mapped) => mapped !== undefined));
    const found = perType.flat();
    found.sort((a, b) => b.instant - a.instant);
    return found.slice(0, MAX_INTERACTIONS).map((entry) => entry.interaction);
  }
}
