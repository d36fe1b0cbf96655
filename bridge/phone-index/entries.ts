// What the index keeps of a page of contacts: each row's key and the numbers a sync sends for it, normalized alike.
import type { ContactPage, Cursor, Value } from '../../connectors/index.js';
import { compileContactMapping } from '../mapping/contact.js';
import type { ContactsMapping } from '../profile/schema.js';

/** A contact's numbers as one read found them. */
export interface IndexedContact { key: Value; numbers: readonly string[] }

/** One page of entries, in the sync's (checkpoint, key) order: one per row read. */
export interface NumbersPage { contacts: IndexedContact[]; last?: Cursor }

/** Where the index's pages are read: where sync pages are, off the event loop that answers lookups (sync/page-reader.ts). */
export interface NumberPages {
  numbers(position: { after?: Cursor; since?: Value }): Promise<NumbersPage>;
}

/** The columns a page of entries reads, and the entries of a page read with them. */
export interface IndexEntries {
  columns: string[];
  of(page: ContactPage): IndexedContact[];
}

export function indexEntries(mapping: ContactsMapping): IndexEntries {
  // The same mapping sync uses, reduced to the key and the phones: every number a sync sends, normalized alike.
  const mapper = compileContactMapping({ ...mapping, fields: { name: mapping.key, phones: mapping.fields.phones } });
  return {
    columns: mapper.columns,
    of(page) {
      const contactOf = mapper.pageContact(page.columns);
      const key = page.columns.indexOf(mapping.key);
      return page.rows.map((row) => ({ key: row[key] as Value, numbers: contactOf(row).phones ?? [] }));
    },
  };
}
