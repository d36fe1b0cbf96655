// The contacts table and how to read it: which table holds the people, its key, its checkpoint and the rows to leave out.
import type { SourceFilter, Value } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import { bestColumn, keyOf, looksLikeEmail, looksLikePhone, shareOf, tablesReferencing } from './columns.js';
import type { Notes } from './notes.js';
import type { ColumnProfile, TableProfile } from './schema-reader.js';
import {
  ACTIVE, BIRTH, CREATED, DELETED, DELETED_AT, EMAIL, FIRST_NAME, FULL_NAME, LAST_NAME, PEOPLE_TABLES, PHONE, STAFF_TABLES, UPDATED,
} from './words.js';

/** What makes a table look like people: its name, name/phone/e-mail columns, and other tables pointing at it. */
function peopleScore(table: TableProfile, tables: TableProfile[]): { score: number; why: string[] } {
  const why: string[] = [];
  let score = 0;
  if (PEOPLE_TABLES.has(table.words)) { score += 4; why.push('its name is a word for people'); }
  if (STAFF_TABLES.has(table.words)) { score -= 5; why.push('its name says it is staff'); }
  const named = table.columns.some((column) => FULL_NAME.score(column.words) >= 2 || FIRST_NAME.has(column.words) || LAST_NAME.has(column.words));
  if (named) { score += 3; why.push('it has name columns'); }
  if (table.columns.some((column) => PHONE.has(column.words) || (column.kind === 'text' && shareOf(column.values, looksLikePhone) >= 0.8))) { score += 2; why.push('it has phone numbers'); }
  if (table.columns.some((column) => EMAIL.has(column.words) || shareOf(column.values, looksLikeEmail) >= 0.8)) { score += 1; why.push('it has e-mail addresses'); }
  const referenced = tablesReferencing(tables, table).length;
  if (referenced > 0) { score += Math.min(referenced, 3); why.push(`${referenced} other table${referenced === 1 ? '' : 's'} point at it`); }
  if (table.kind === 'view') score -= 1;
  return { score, why };
}

/** The table of people the office calls; throws when none looks like people. */
export function chooseContactsTable(tables: TableProfile[], notes: Notes): TableProfile {
  const scored = tables.map((table) => ({ table, ...peopleScore(table, tables) }))
    .filter(({ why }) => why.some((reason) => /name columns|phone|e-mail/.test(reason)))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < 3) {
    const what = tables.length === 0 ? 'The database has no tables' : `None of the ${tables.length} tables looks like people (no table has name, phone or e-mail columns)`;
    throw new BridgeError('invalid_request', `${what}, so there is nothing to propose as contacts. Check that the connection points at the CRM's database, or map the contacts by hand.`);
  }
  const runnerUp = scored[1];
  const close = runnerUp && runnerUp.score >= best.score - 1;
  notes.add('contacts.source.table', best.table.name, `"${best.table.name}" looks most like people: ${best.why.join(', ')}.${close ? ` "${runnerUp.table.name}" came close.` : ''}`, close ? 'check' : undefined);
  return best.table;
}

export function chooseKey(table: TableProfile, notes: Notes): string {
  const key = keyOf(table);
  if (!key) {
    notes.add('contacts.key', undefined, `"${table.name}" has no primary key, unique column or id column: choose the column that identifies each contact.`, 'missing');
    return table.columns[0]!.name;
  }
  notes.add('contacts.key', key.column.name, key.reason, key.sure ? undefined : 'check');
  return key.column.name;
}

/** A date column that moves when a row changes, indexed preferred; the key when there is none, saying what that costs. */
export function chooseCheckpoint(table: TableProfile, key: string, notes: Notes): string {
  const dates = table.columns.filter((column) => column.kind === 'date' && !DELETED_AT.has(column.words) && !BIRTH.has(column.words));
  const rank = (column: ColumnProfile): number => (UPDATED.score(column.words) > 0 ? 10 : 0) + (CREATED.score(column.words) > 0 ? 3 : 0) + (column.indexed ? 2 : 0) + (column.nullable ? 0 : 1);
  const best = [...dates].sort((a, b) => rank(b) - rank(a))[0];
  if (!best) {
    notes.add('contacts.checkpoint', key, `"${table.name}" has no date column that records changes, so the key stands in: each sync still finds new contacts, but an edited contact reaches Talkdesk only when Talkdesk runs a full sync. Adding an indexed "updated at" column to the table fixes this.`, 'check');
    return key;
  }
  const index = best.indexed ? 'it is indexed, so incremental syncs stay fast' : 'it has no index, so each incremental sync reads the whole table: an index on it would make syncs fast';
  if (UPDATED.has(best.words)) {
    notes.add('contacts.checkpoint', best.name, `"${best.name}" records when a row changes; ${index}.`, best.indexed ? undefined : 'check');
  } else {
    notes.add('contacts.checkpoint', best.name, `"${best.name}" is the only kind of date there is and it may not move when a contact is edited: edits reach Talkdesk at the next full sync. ${index[0]!.toUpperCase()}${index.slice(1)}.`, 'check');
  }
  return best.name;
}

/** The value meaning "yes" in a flag column, in the type its samples show. */
function yesValue(column: ColumnProfile): Value {
  const values = column.values;
  if (values.some((value) => typeof value === 'boolean') || column.kind === 'bool' && values.length === 0) return true;
  const text = values.find((value) => typeof value === 'string' && /^(y|yes|s|sim|si|j|ja|t|true)$/i.test(value));
  if (text !== undefined) return text;
  return 1;
}

/** Rows to leave out when a soft-delete or active flag exists, as a filter the user can see and untick. */
export function chooseFilters(table: TableProfile, notes: Notes): SourceFilter[] {
  const deletedAt = bestColumn(table.columns, DELETED_AT, (column) => column.kind === 'date');
  if (deletedAt) {
    notes.add('contacts.source.where', { column: deletedAt.name, op: 'is null' }, `Rows with a date in "${deletedAt.name}" look deleted, so they are left out. Untick to include them.`);
    return [{ column: deletedAt.name, op: 'is null' }];
  }
  const flagKinds = (column: ColumnProfile): boolean => column.kind === 'bool' || column.kind === 'number' || (column.kind === 'text' && column.values.every((value) => String(value).length <= 5));
  const deleted = bestColumn(table.columns, DELETED, flagKinds);
  if (deleted) {
    const value = yesValue(deleted);
    notes.add('contacts.source.where', { column: deleted.name, op: '!=', value }, `Rows whose "${deleted.name}" is ${String(value)} look deleted, so they are left out. Untick to include them.`);
    return [{ column: deleted.name, op: '!=', value }];
  }
  const active = bestColumn(table.columns, ACTIVE, flagKinds);
  if (active) {
    const value = yesValue(active);
    notes.add('contacts.source.where', { column: active.name, op: '=', value }, `Only rows whose "${active.name}" is ${String(value)} are kept: the others look inactive. Untick to include them.`, 'check');
    return [{ column: active.name, op: '=', value }];
  }
  return [];
}
