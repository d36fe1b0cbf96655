// Step 4 (optional): actions Talkdesk can run, each inserting one row from its inputs, with a dry run.
import { INPUT_TYPES, type Action, type ActionInput, type Connection } from '../api/types.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { Empty } from '../components/feedback.js';
import { ActionDryRun } from './action-dry-run.js';
import { ActionValues } from './action-values.js';
import { useColumns, useTables } from './use-schema.js';
import { AgentsSection } from './agents-section.js';
import { AcceptBar } from './proposal.js';
import type { StepProps } from './wizard.js';

const SCOPES = ['automation', 'contact'];

function InputRow({ input, index, path, onChange, onRemove }: { input: ActionInput; index: number; path: string; onChange(value: ActionInput): void; onRemove(): void }) {
  return (
    <div className="row align-end">
      <TextField label={`Input ${index + 1} key`} path={`${path}.key`} value={input.key} onChange={(key) => onChange({ ...input, key })} />
      <TextField label={`Input ${index + 1} label`} path={`${path}.name`} value={input.name} onChange={(name) => onChange({ ...input, name })} />
      <SelectField label={`Input ${index + 1} type`} value={input.type} options={INPUT_TYPES.map((type) => ({ value: type, label: type }))} onChange={(type) => onChange({ ...input, type: INPUT_TYPES.find((known) => known === type) ?? input.type })} />
      <CheckboxField label="Mandatory" checked={input.mandatory} onChange={(mandatory) => onChange({ ...input, mandatory })} />
      <button type="button" className="link" onClick={onRemove}>Remove</button>
    </div>
  );
}

function ActionCard({ action, connection, phoneRegion, example, index, onChange, onRemove }: { action: Action; connection: Connection; phoneRegion: string; example?: string; index: number; onChange(value: Action): void; onRemove(): void }) {
  const tables = useTables(connection);
  const columns = useColumns(connection, { table: action.insert.table });
  const at = `actions[${index}]`;
  const setInputs = (inputs: ActionInput[]) => onChange({ ...action, inputs });
  return (
    <article className="card" aria-label={`Action ${index + 1}`}>
      <div className="row align-end">
        <TextField label="Name" required path={`${at}.name`} value={action.name} onChange={(name) => onChange({ ...action, name })} hint="a-z, 0-9 and _ (log_call)" />
        <TextField label="Shown as" required path={`${at}.display`} value={action.display} onChange={(display) => onChange({ ...action, display })} />
        <button type="button" className="link danger" onClick={onRemove}>Remove this action</button>
      </div>
      <TextField label="Description" value={action.description ?? ''} onChange={(description) => onChange({ ...action, description })} />
      <div className="row">
        {SCOPES.map((scope) => (
          <CheckboxField key={scope} label={`Available in ${scope}`} checked={action.scoping.includes(scope)}
            onChange={(on) => onChange({ ...action, scoping: on ? [...action.scoping, scope] : action.scoping.filter((item) => item !== scope) })} />
        ))}
      </div>
      <fieldset>
        <legend>Inputs</legend>
        {action.inputs.map((input, position) => (
          <InputRow key={position} index={position} input={input} path={`${at}.inputs[${position}]`} onChange={(value) => setInputs(action.inputs.map((item, at) => (at === position ? value : item)))}
            onRemove={() => setInputs(action.inputs.filter((_, at) => at !== position))} />
        ))}
        <button type="button" className="link" onClick={() => setInputs([...action.inputs, { key: '', name: '', type: 'text', mandatory: false }])}>Add an input</button>
      </fieldset>
      <SelectField label="Table it inserts into" required path={`${at}.insert.table`} value={action.insert.table} placeholder="Choose…"
        options={(tables.value ?? []).filter((table) => table.kind === 'table').map((table) => ({ value: table.name, label: table.name }))}
        onChange={(table) => onChange({ ...action, insert: { ...action.insert, table } })} />
      <ActionValues action={action} columns={action.insert.table ? columns.value : undefined} path={`${at}.insert.values`} onChange={onChange} />
      <ActionDryRun connection={connection} action={action} phoneRegion={phoneRegion} example={example} />
    </article>
  );
}

export function ActionsStep({ editor, next }: StepProps) {
  const { draft, update } = editor;
  const setAll = (actions: Action[]) => update((current) => ({ ...current, actions }));
  const blank: Action = { name: '', display: '', scoping: ['automation', 'contact'], inputs: [], insert: { table: '', values: {} } };
  // A contact the proposal found interaction rows for: the dry runs start with it.
  const example = editor.proposal?.notes.find((note) => /^interactions\[\d+\]\.contactKey$/.test(note.path) && note.example !== undefined)?.example;
  return (
    <div className="step">
      <p className="lead">Optional: actions let Talkdesk write back, for example a note after each call. Each action inserts one row. Agents (below) are optional too.</p>
      <AcceptBar proposal={editor.proposal} paths={['actions', 'agents']} what="actions and agents" onAccept={next} />
      {draft.actions.length === 0 ? <Empty>No actions. You can skip this step.</Empty> : null}
      {draft.actions.map((action, index) => (
        <ActionCard key={index} index={index} action={action} connection={draft.connection} phoneRegion={draft.contacts.phoneRegion} example={example}
          onChange={(value) => setAll(draft.actions.map((item, position) => (position === index ? value : item)))}
          onRemove={() => setAll(draft.actions.filter((_, position) => position !== index))} />
      ))}
      <button type="button" className="secondary" onClick={() => setAll([...draft.actions, blank])}>Add an action</button>
      <AgentsSection connection={draft.connection} agents={draft.agents} proposal={editor.proposal}
        onChange={(agents) => update((current) => ({ ...current, agents }))} />
    </div>
  );
}
