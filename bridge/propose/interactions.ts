// Interaction types: tables that point at the contacts table, with subject, description, date, status and priority and value maps.
import type { InteractionMapping } from '../profile/schema.js';
import { bestColumn, isText, keyOf, labelColumn, tablesReferencing } from './columns.js';
import type { Notes } from './notes.js';
import { countValues, type ColumnProfile, type TableProfile } from './schema-reader.js';
import { proposeValueMap, valueMapOf } from './value-maps.js';
import { BIRTH, CREATED, DELETED_AT, DESCRIPTION, PRIORITY, STATUS, STAFF_TABLES, SUBJECT, UPDATED, stem } from './words.js';

type InteractionInput = Omit<InteractionMapping, 'limit'> & { limit?: number };


/** A type name from the table's name: `SupportTickets` → support_ticket. */
function typeName(table: TableProfile, used: Set<string>): string {
  const words = table.words.map((word, index) => (index === table.words.length - 1 && word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
  let name = words.join('_').replace(/[^a-z0-9_]/g, '').slice(0, 50) || 'interaction';
  for (let suffix = 2; used.has(name); suffix += 1) name = `${words.join('_').slice(0, 50)}_${suffix}`;
  used.add(name);
  return name;
}

function chooseDate(table: TableProfile): ColumnProfile | undefined {
  const dates = table.columns.filter((column) => column.kind === 'date' && !DELETED_AT.has(column.words) && !BIRTH.has(column.words));
  const rank = (column: ColumnProfile): number => (CREATED.score(column.words) > 0 ? 10 : 0) - (UPDATED.has(column.words) ? 5 : 0) + (column.nullable ? 0 : 2);
  return [...dates].sort((a, b) => rank(b) - rank(a))[0];
}

function mapValues(path: string, scale: 'status' | 'priority', column: ColumnProfile, notes: Notes): Record<string, string> {
  const choices = proposeValueMap(scale, countValues(column.values));
  const unknown = choices.filter((choice) => choice.proposed === undefined);
  const guessed = choices.some((choice) => /check/i.test(choice.reason));
  const reason = choices.length === 0
    ? `"${column.name}" was empty in the sample: add its values when you know them.`
    : `${choices.length} distinct value${choices.length === 1 ? '' : 's'} of "${column.name}" found in the sample${unknown.length > 0 ? `; ${unknown.length} could not be placed: choose what ${unknown.length === 1 ? 'it becomes' : 'they become'}` : ''}.`;
  notes.add(path, valueMapOf(choices), reason, unknown.length > 0 || choices.length === 0 ? 'missing' : guessed ? 'check' : undefined, choices);
  return valueMapOf(choices);
}

/** One interaction type, or undefined (with a note) when the table has no date to order by. */
function proposeInteraction(table: TableProfile, contactColumn: ColumnProfile, index: number, used: Set<string>, notes: Notes): InteractionInput | undefined {
  const date = chooseDate(table);
  if (!date) {
    notes.add(`interactions`, undefined, `"${table.name}" points at the contacts through "${contactColumn.name}" but has no date column to order it by, so it is left out.`);
    return undefined;
  }
  const path = `interactions[${index}]`;
  const key = keyOf(table);
  const id = key?.column.name ?? contactColumn.name;
  const taken = new Set([id, contactColumn.name, date.name]);
  const named = bestColumn(table.columns, SUBJECT, (column) => isText(column) && !taken.has(column.name) && !STATUS.has(column.words));
  // No column named like a subject: a short text that labels each row says more than the type and the id.
  const subjectColumn = named ?? labelColumn(table, (column) => !taken.has(column.name) && ![STATUS, PRIORITY, DESCRIPTION].some((words) => words.has(column.words)));
  if (subjectColumn) taken.add(subjectColumn.name);
  const description = bestColumn(table.columns, DESCRIPTION, (column) => isText(column) && !taken.has(column.name));
  if (description) taken.add(description.name);
  const status = bestColumn(table.columns, STATUS, (column) => !taken.has(column.name) && column.kind !== 'date' && column.kind !== 'binary');
  if (status) taken.add(status.name);
  const priority = bestColumn(table.columns, PRIORITY, (column) => !taken.has(column.name) && column.kind !== 'date' && column.kind !== 'binary');
  const label = table.words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
  const singular = label.length > 4 && label.endsWith('s') ? label.slice(0, -1) : label;
  const subject = subjectColumn?.name ?? `${singular} {${id}}`;
  const type = typeName(table, used);
  notes.add(`${path}.source.table`, table.name, `"${table.name}" points at the contacts through "${contactColumn.name}", so each contact's ${table.name} are shown as "${type}".`);
  notes.add(`${path}.fields.id`, id, key?.reason ?? `"${id}" stands in for a key: choose the column that identifies each row.`, key?.sure ? undefined : 'check');
  notes.add(`${path}.fields.date`, date.name, `"${date.name}" is ${CREATED.has(date.words) ? 'when the row was created' : 'the date the table has'}.`);
  const subjectReason = named ? `"${named.name}" reads like a subject.`
    : subjectColumn ? `No column is named like a subject; "${subjectColumn.name}" holds a short text on most rows: check that it says what each row is about.`
      : 'No column reads like a subject, so the subject is the type and the id.';
  notes.add(`${path}.fields.subject`, subject, subjectReason, named ? undefined : 'check');
  if (description) notes.add(`${path}.fields.description`, description.name, `"${description.name}" reads like a description.`);
  // The contact with the most rows in the sample: a preview of this type shows something at once.
  const example = countValues(contactColumn.values)[0]?.value;
  notes.add(`${path}.contactKey`, contactColumn.name, `"${contactColumn.name}" is named after the contacts table, so it holds each row's contact key.`, undefined, undefined, example);
  if (status) notes.add(`${path}.fields.status`, status.name, `"${status.name}" is named like a status.`);
  if (priority) notes.add(`${path}.fields.priority`, priority.name, `"${priority.name}" is named like a priority.`);
  const mapping: InteractionInput = {
    type, source: { table: table.name }, contactKey: contactColumn.name,
    fields: {
      id, subject, date: date.name,
      ...(description ? { description: description.name } : {}),
      ...(status ? { status: status.name } : {}),
      ...(priority ? { priority: priority.name } : {}),
    },
  };
  const values: NonNullable<InteractionInput['values']> = {};
  if (status) values.status = mapValues(`${path}.values.status`, 'status', status, notes) as NonNullable<typeof values.status>;
  if (priority) values.priority = mapValues(`${path}.values.priority`, 'priority', priority, notes) as NonNullable<typeof values.priority>;
  if (status || priority) mapping.values = values;
  return mapping;
}

/** Every table that points at the contacts table (but the staff's own), in the order the database lists them. */
export function proposeInteractions(tables: TableProfile[], contacts: TableProfile, notes: Notes): InteractionInput[] {
  const used = new Set<string>();
  const proposals: InteractionInput[] = [];
  for (const { table, column } of tablesReferencing(tables, contacts)) {
    if (STAFF_TABLES.has(table.words) || stem(table.words.join('')) === stem(contacts.words.join(''))) continue;
    const proposal = proposeInteraction(table, column, proposals.length, used, notes);
    if (proposal) proposals.push(proposal);
  }
  if (proposals.length === 0) notes.add('interactions', undefined, 'No table with dates points at the contacts table, so no interaction type is proposed.');
  return proposals;
}
