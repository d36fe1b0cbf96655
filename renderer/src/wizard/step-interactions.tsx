// Step 3: interaction types (tickets, notes, orders…): each from a table with its contact column, fields, value maps and a preview.
import {
  defaultsOf, interactionSchema, INTERACTION_PRIORITIES, INTERACTION_STATUSES, type Connection, type Interaction,
} from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';
import { Empty } from '../components/feedback.js';
import { columnOptions, RefControl } from './field-mapping.js';
import { InteractionPreview } from './interaction-preview.js';
import { AcceptBar, notesAt, ProposedMark, type Proposal } from './proposal.js';
import { SourcePicker } from './source-picker.js';
import { useColumns } from './use-schema.js';
import { ValueMapEditor } from './value-map.js';
import type { StepProps } from './wizard.js';

const OPTIONAL: Array<[keyof Interaction['fields'], string]> = [['description', 'Description'], ['url', 'Link'], ['status', 'Status'], ['priority', 'Priority']];

function InteractionCard({ connection, interaction, onChange, onRemove, index, proposal }: { connection: Connection; interaction: Interaction; onChange(value: Interaction): void; onRemove(): void; index: number; proposal?: Proposal }) {
  const columns = useColumns(connection, interaction.source);
  const list = columns.value ?? [];
  const setField = (field: keyof Interaction['fields'], value: string) => onChange({ ...interaction, fields: { ...interaction.fields, [field]: value } });
  const at = `interactions[${index}]`;
  const mark = (path: string) => <ProposedMark notes={notesAt(proposal, `${at}.${path}`)} />;
  const found = (scale: 'status' | 'priority') => notesAt(proposal, `${at}.values.${scale}`)[0]?.values;
  return (
    <article className="card" aria-label={`Interaction type ${index + 1}`}>
      <div className="row align-end">
        <TextField label="Type name" required path={`${at}.type`} value={interaction.type} onChange={(type) => onChange({ ...interaction, type: type.toLowerCase() })} hint="Shown in Talkdesk: ticket, note, order…" />
        <button type="button" className="link danger" onClick={onRemove}>Remove this type</button>
      </div>
      <SourcePicker label={`Type ${index + 1} comes from`} connection={connection} source={interaction.source} onChange={(source) => onChange({ ...interaction, source })} mark={mark('source.table')} path={`${at}.source`} />
      <SelectField label="Column holding the contact's key" required path={`${at}.contactKey`} value={interaction.contactKey} placeholder="Choose…" options={columnOptions(list)} onChange={(contactKey) => onChange({ ...interaction, contactKey })} mark={mark('contactKey')} />
      <div className="grid-3">
        <RefControl label="Id" required path={`${at}.fields.id`} value={interaction.fields.id} columns={list} onChange={(value) => setField('id', value)} mark={mark('fields.id')} />
        <RefControl label="Subject" required path={`${at}.fields.subject`} value={interaction.fields.subject} columns={list} onChange={(value) => setField('subject', value)} mark={mark('fields.subject')} />
        <RefControl label="Date" required path={`${at}.fields.date`} value={interaction.fields.date} columns={list} onChange={(value) => setField('date', value)} mark={mark('fields.date')} />
        {OPTIONAL.map(([field, label]) => <RefControl key={field} label={label} path={`${at}.fields.${field}`} value={interaction.fields[field] ?? ''} columns={list} onChange={(value) => setField(field, value)} mark={mark(`fields.${field}`)} />)}
      </div>
      <div className="grid-2">
        <ValueMapEditor label="Status values" allowed={INTERACTION_STATUSES} value={interaction.values?.status} onChange={(status) => onChange({ ...interaction, values: { ...interaction.values, status } })} found={found('status')} />
        <ValueMapEditor label="Priority values" allowed={INTERACTION_PRIORITIES} value={interaction.values?.priority} onChange={(priority) => onChange({ ...interaction, values: { ...interaction.values, priority } })} found={found('priority')} />
      </div>
      <InteractionPreview connection={connection} interaction={interaction} example={notesAt(proposal, `${at}.contactKey`)[0]?.example} />
    </article>
  );
}

function blankInteraction(): Interaction {
  return { ...defaultsOf(interactionSchema), type: '', source: { table: '' }, contactKey: '', fields: { id: '', subject: '', date: '' } };
}

export function InteractionsStep({ editor, next }: StepProps) {
  const { draft, update } = editor;
  const setAll = (interactions: Interaction[]) => update((current) => ({ ...current, interactions }));
  return (
    <div className="step">
      <p className="lead">Interactions are the history an agent sees beside a caller: tickets, notes, orders. Add one type per table.</p>
      <AcceptBar proposal={editor.proposal} paths={['interactions']} what="interactions" onAccept={next} />
      {draft.interactions.length === 0 ? <Empty>No interaction types yet. Talkdesk will show contacts only.</Empty> : null}
      {draft.interactions.map((interaction, index) => (
        <InteractionCard key={index} index={index} connection={draft.connection} interaction={interaction} proposal={editor.proposal}
          onChange={(value) => setAll(draft.interactions.map((item, position) => (position === index ? value : item)))}
          onRemove={() => setAll(draft.interactions.filter((_, position) => position !== index))} />
      ))}
      <button type="button" className="secondary" onClick={() => setAll([...draft.interactions, blankInteraction()])}>Add an interaction type</button>
    </div>
  );
}
