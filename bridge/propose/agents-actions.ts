// Agents from the staff table, and a "log a call" action writing into the calls or notes table.
import type { ActionConfig, AgentsMapping } from '../profile/schema.js';
import { bestColumn, isText, keyOf, looksLikeEmail, referencingColumn, shareOf } from './columns.js';
import type { Notes } from './notes.js';
import type { ColumnProfile, TableProfile } from './schema-reader.js';
import { CALL_TABLES, CREATED, DESCRIPTION, EMAIL, FIRST_NAME, FULL_NAME, LAST_NAME, NOTE_TABLES, STAFF_TABLES, SUBJECT, UPDATED } from './words.js';

type AgentsInput = Omit<AgentsMapping, 'pageSize'>;
type ActionInput = Pick<ActionConfig, 'name' | 'display' | 'description' | 'insert'> & { inputs: Array<{ key: string; name: string; type: 'text' | 'textarea'; mandatory: boolean }> };


function emailColumn(table: TableProfile): ColumnProfile | undefined {
  return bestColumn(table.columns, EMAIL, isText) ?? table.columns.find((column) => isText(column) && column.values.length >= 3 && shareOf(column.values, looksLikeEmail) >= 0.8);
}

export function proposeAgents(tables: TableProfile[], contacts: TableProfile, notes: Notes): AgentsInput | undefined {
  const staff = tables.find((table) => table !== contacts && table.kind === 'table' && STAFF_TABLES.has(table.words) && emailColumn(table) && keyOf(table));
  if (!staff) {
    notes.add('agents', undefined, 'No users, staff or agents table with e-mail addresses was found, so agents are not synced.');
    return undefined;
  }
  const key = keyOf(staff)!;
  const email = emailColumn(staff)!;
  const first = bestColumn(staff.columns, FIRST_NAME, isText);
  const last = bestColumn(staff.columns, LAST_NAME, isText);
  const full = bestColumn(staff.columns, FULL_NAME, (column) => isText(column) && column !== email)
    ?? staff.columns.find((column) => isText(column) && ['username', 'login', 'usuario', 'benutzername'].includes(column.words.join('')));
  const name = first && last ? `{${first.name}} {${last.name}}` : full?.name ?? email.name;
  notes.add('agents.source.table', staff.name, `"${staff.name}" is named like the office's staff and has e-mail addresses in "${email.name}", which Talkdesk matches its users by.`);
  notes.add('agents.fields.name', name, full || (first && last) ? `"${name}" is the agent's name.` : 'No name column: the e-mail stands in for the name.', full || (first && last) ? undefined : 'check');
  return { source: { table: staff.name }, fields: { id: key.column.name, name, email: email.name } };
}

/** "Log a call" into a calls or notes table that points at the contacts: the contact, the agent's inputs and the time. */
export function proposeLogCall(tables: TableProfile[], contacts: TableProfile, notes: Notes): ActionInput | undefined {
  const candidates = tables.filter((table) => table.kind === 'table' && NOTE_TABLES.has(table.words) && referencingColumn(table, contacts));
  const table = candidates.find((candidate) => CALL_TABLES.has(candidate.words)) ?? candidates[0];
  if (!table) {
    notes.add('actions', undefined, 'No calls or notes table points at the contacts, so no "log a call" action is proposed.');
    return undefined;
  }
  const contactColumn = referencingColumn(table, contacts)!;
  const key = keyOf(table);
  const writable = table.columns.filter((column) => column !== contactColumn && !(key?.sure && column === key.column));
  const subject = bestColumn(writable, SUBJECT, isText);
  const text = bestColumn(writable, DESCRIPTION, (column) => isText(column) && column !== subject);
  const date = writable.filter((column) => column.kind === 'date' && !UPDATED.has(column.words)).sort((a, b) => CREATED.score(b.words) - CREATED.score(a.words))[0];
  const values: Record<string, string> = { [contactColumn.name]: '{meta.contact_external_id}' };
  const inputs: ActionInput['inputs'] = [];
  if (subject) { values[subject.name] = '{data.subject}'; inputs.push({ key: 'subject', name: 'Subject', type: 'text', mandatory: !subject.nullable }); }
  if (text) { values[text.name] = '{data.note}'; inputs.push({ key: 'note', name: 'Note', type: 'textarea', mandatory: !text.nullable && !subject }); }
  if (date) values[date.name] = '{now}';
  const agent = writable.find((column) => !values[column.name] && column.words.length >= 2 && column.words.at(-1) === 'id' && STAFF_TABLES.has(column.words.slice(0, -1)));
  if (agent) values[agent.name] = '{meta.agent_external_id}';
  const filled = new Set(Object.keys(values));
  const unfilled = writable.filter((column) => !column.nullable && !filled.has(column.name) && !column.primaryKey);
  notes.add('actions[0]', `insert into ${table.name}`, `"${table.name}" records calls or notes and points at the contacts through "${contactColumn.name}": the action writes the contact's id there${subject ? `, the subject in "${subject.name}"` : ''}${text ? `, the note in "${text.name}"` : ''}${date ? `, the time in "${date.name}"` : ''}${agent ? ` and the agent's id in "${agent.name}"` : ''}.`);
  if (unfilled.length > 0) {
    notes.add('actions[0].insert.values', undefined, `${unfilled.map((column) => `"${column.name}"`).join(', ')} must be filled but the proposal has nothing for ${unfilled.length === 1 ? 'it' : 'them'} unless the database has a default: check with a dry run.`, 'check');
  }
  return {
    name: 'log_call', display: 'log a call', description: `Adds a row to ${table.name} for the contact`,
    inputs, insert: { table: table.name, values, ...(key?.sure ? { returning: key.column.name } : {}) },
  };
}
