// Step 2: the contacts: source, key and checkpoint columns, Talkdesk fields from columns or templates, live preview.
import type { ContactFieldName, Contacts } from '../api/types.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { ErrorBox, Notice } from '../components/feedback.js';
import { ContactPreview } from './contact-preview.js';
import { columnOptions, RefControl, RefListControl } from './field-mapping.js';
import { AcceptBar, notesAt, ProposedMark } from './proposal.js';
import { SourcePicker } from './source-picker.js';
import { useColumns } from './use-schema.js';
import type { StepProps } from './wizard.js';

const SINGLE: Array<[ContactFieldName, string]> = [['company', 'Company'], ['title', 'Job title'], ['address', 'Address'], ['url', 'Link to the record'], ['photo_url', 'Photo URL'], ['twitter', 'Twitter']];
const LISTS: Array<[ContactFieldName, string]> = [['phones', 'Phones'], ['emails', 'E-mails'], ['websites', 'Websites']];

/** A source filter in words: what it leaves out. */
function filterLabel(filter: { column: string; op: string; value?: unknown }): string {
  if (filter.op === 'is null') return `Leave out rows whose "${filter.column}" is set (they look deleted)`;
  if (filter.op === 'is not null') return `Leave out rows whose "${filter.column}" is empty`;
  if (filter.op === '!=') return `Leave out rows whose "${filter.column}" is ${String(filter.value)} (they look deleted)`;
  return `Keep only rows whose "${filter.column}" is ${String(filter.value)}`;
}

export function ContactsStep({ editor, next }: StepProps) {
  const { draft, update } = editor;
  const contacts = draft.contacts;
  const columns = useColumns(draft.connection, contacts.source);
  const list = columns.value ?? [];
  const set = (change: Partial<Contacts>) => update((current) => ({ ...current, contacts: { ...current.contacts, ...change } }));
  const setField = (field: ContactFieldName, value: string | string[]) => set({ fields: { ...contacts.fields, [field]: value } });
  const unindexed = (name: string) => list.find((column) => column.name === name)?.indexed === false;
  const mark = (path: string) => <ProposedMark notes={notesAt(editor.proposal, path)} />;
  const filters = 'table' in contacts.source ? (contacts.source as { where?: Array<{ column: string; op: string; value?: unknown }> }).where ?? [] : [];
  const untick = (index: number) => {
    const source = contacts.source as { table: string; where?: unknown[] };
    const where = filters.filter((_, position) => position !== index);
    set({ source: { table: source.table, ...(where.length > 0 ? { where } : {}) } as Contacts['source'] });
  };

  return (
    <div className="step">
      <p className="lead">Choose where contacts come from and how each Talkdesk field is filled. The preview below updates as you change the mapping.</p>
      <AcceptBar proposal={editor.proposal} paths={['contacts']} what="contacts" onAccept={next} />
      <SourcePicker label="Contacts come from" connection={draft.connection} source={contacts.source} onChange={(source) => set({ source })} mark={mark('contacts.source.table')} path="contacts.source" />
      {filters.map((filter, index) => (
        <div className="row align-end" key={`${filter.column}-${index}`}>
          <CheckboxField label={filterLabel(filter)} checked onChange={() => untick(index)} />
          {mark('contacts.source.where')}
        </div>
      ))}
      {columns.error ? <ErrorBox message={`The columns cannot be read: ${columns.error}`} /> : null}
      <div className="row">
        <SelectField label="Key column" required path="contacts.key" value={contacts.key} placeholder="Choose…" options={columnOptions(list)} onChange={(key) => set({ key })} mark={mark('contacts.key')}
          hint="Unique and stable: it becomes the Talkdesk contact id." />
        <SelectField label="Checkpoint column" required path="contacts.checkpoint" value={contacts.checkpoint} placeholder="Choose…" options={columnOptions(list)} onChange={(checkpoint) => set({ checkpoint })} mark={mark('contacts.checkpoint')}
          hint="A column that changes whenever the row changes (updated_at)." />
        <TextField label="Phone region" className="narrow" path="contacts.phoneRegion" value={contacts.phoneRegion} maxLength={2} onChange={(phoneRegion) => set({ phoneRegion: phoneRegion.toUpperCase() })} mark={mark('contacts.phoneRegion')}
          hint="For numbers without +country." />
      </div>
      {contacts.key && unindexed(contacts.key) ? <Notice kind="warn">The key column has no index: syncs will be slow on a big table.</Notice> : null}
      {contacts.checkpoint && unindexed(contacts.checkpoint) ? <Notice kind="warn">The checkpoint column has no index: syncs will be slow on a big table.</Notice> : null}
      <h3>Talkdesk fields</h3>
      <div className="grid-2">
        <RefControl label="Name" required path="contacts.fields.name" value={String(contacts.fields.name ?? '')} columns={list} onChange={(value) => setField('name', value)} mark={mark('contacts.fields.name')} hint='A column, or a template such as "{first_name} {last_name}".' />
        {SINGLE.map(([field, label]) => (
          <RefControl key={field} label={label} path={`contacts.fields.${field}`} value={String(contacts.fields[field] ?? '')} columns={list} onChange={(value) => setField(field, value)} mark={mark(`contacts.fields.${field}`)} />
        ))}
      </div>
      <div className="grid-3">
        {LISTS.map(([field, label]) => (
          <RefListControl key={field} label={label} path={`contacts.fields.${field}`} value={contacts.fields[field]} columns={list} onChange={(value) => setField(field, value)} mark={mark(`contacts.fields.${field}`)} />
        ))}
      </div>
      <ContactPreview connection={draft.connection} contacts={contacts} />
    </div>
  );
}
