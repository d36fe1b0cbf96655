// What an action writes: each column of its table picked from the real columns, each value chosen in words (an input, the contact's id, now, fixed text); templates for experts.
import { useState } from 'react';
import type { Action, ActionInput, ColumnView } from '../api/types.js';
import { FieldError, useFieldError } from '../components/field-errors.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';

const CONTACT = '{meta.contact_external_id}';
const NOW = '{now}';
const AGENT = '{meta.agent_external_id}';

type Choice = { kind: 'input'; key: string } | { kind: 'new-input' | 'contact' | 'agent' | 'now' | 'fixed' | 'template' | 'unset' };

/** What a value template means, in the picker's terms. */
function choiceOf(value: string, inputs: ActionInput[]): Choice {
  if (value === '') return { kind: 'unset' };
  if (value === CONTACT) return { kind: 'contact' };
  if (value === NOW) return { kind: 'now' };
  if (value === AGENT) return { kind: 'agent' };
  const input = /^\{data\.([A-Za-z0-9_]+)\}$/.exec(value)?.[1];
  if (input !== undefined && inputs.some((item) => item.key === input)) return { kind: 'input', key: input };
  return value.includes('{') ? { kind: 'template' } : { kind: 'fixed' };
}

function choiceValue(choice: Choice): string {
  return choice.kind === 'input' ? `input:${choice.key}` : choice.kind === 'unset' ? '' : choice.kind;
}

/** "created_at" → "Created at": the label of an input made for a column. */
function labelOf(column: string): string {
  const words = column.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface RowProps {
  action: Action; column: string; value: string; index: number; columns: ColumnView[] | undefined; path: string;
  onChange(action: Action): void;
}

function ValueRow({ action, column, value, index, columns, path, onChange }: RowProps) {
  // Only an explicit choice of fixed text or a template is state: an empty text must keep its box open.
  const [chosen, setChosen] = useState<'fixed' | 'template'>();
  const pairs = Object.entries(action.insert.values);
  const write = (next: Array<[string, string]>, inputs = action.inputs) => onChange({ ...action, inputs, insert: { ...action.insert, values: Object.fromEntries(next) } });
  const setValue = (text: string, inputs?: ActionInput[]) => write(pairs.map((pair, position) => (position === index ? [pair[0], text] : pair)), inputs);
  const choice = chosen && choiceOf(value, action.inputs).kind !== 'input' ? { kind: chosen } : choiceOf(value, action.inputs);
  const choose = (picked: string) => {
    setChosen(undefined);
    if (picked.startsWith('input:')) setValue(`{data.${picked.slice(6)}}`);
    else if (picked === 'contact') setValue(CONTACT);
    else if (picked === 'now') setValue(NOW);
    else if (picked === 'agent') setValue(AGENT);
    else if (picked === 'new-input') {
      const key = column.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60) || `input_${action.inputs.length + 1}`;
      const inputs = action.inputs.some((input) => input.key === key) ? action.inputs : [...action.inputs, { key, name: labelOf(key), type: 'text' as const, mandatory: false }];
      setValue(`{data.${key}}`, inputs);
    } else if (picked === 'fixed' || picked === 'template') { setChosen(picked); setValue(picked === 'fixed' && value.includes('{') ? '' : value); } else setValue('');
  };
  const options = [
    ...action.inputs.filter((input) => input.key).map((input) => ({ value: `input:${input.key}`, label: `Input: ${input.name || input.key}` })),
    { value: 'new-input', label: 'A new input agents fill in…' },
    { value: 'contact', label: 'The contact\'s id' },
    { value: 'agent', label: 'The agent\'s id' },
    { value: 'now', label: 'Now (when the action runs)' },
    { value: 'fixed', label: 'Fixed text…' },
    { value: 'template', label: 'Template (for experts)…' },
  ];
  const known = columns?.map((item) => item.name) ?? [];
  return (
    <div className="row align-end">
      {columns ? (
        <SelectField label={`Column ${index + 1}`} value={column} placeholder="Choose…" options={[...new Set([...known, ...(column ? [column] : [])])].map((name) => ({ value: name, label: name }))}
          onChange={(name) => write(pairs.map((pair, position) => (position === index ? [name, pair[1]] : pair)))} />
      ) : (
        <TextField label={`Column ${index + 1}`} value={column} onChange={(name) => write(pairs.map((pair, position) => (position === index ? [name, pair[1]] : pair)))} />
      )}
      <SelectField label={`Value ${index + 1}`} value={choiceValue(choice)} placeholder="Choose…" options={options} onChange={choose} path={`${path}.${column}`} />
      {choice.kind === 'fixed' || choice.kind === 'template' ? (
        <TextField label={`${choice.kind === 'fixed' ? 'Text' : 'Template'} ${index + 1}`} value={value} onChange={(text) => setValue(text)}
          placeholder={choice.kind === 'fixed' ? 'Phone call' : '{data.subject} at {now}'} />
      ) : null}
      <button type="button" className="link" onClick={() => write(pairs.filter((_, position) => position !== index))}>Remove</button>
    </div>
  );
}

/** The raw editor: column names and templates typed as text ({data.subject}, {meta.contact_external_id}, {now}). */
function TemplateRows({ action, onChange }: { action: Action; onChange(action: Action): void }) {
  const pairs = Object.entries(action.insert.values);
  const write = (next: Array<[string, string]>) => onChange({ ...action, insert: { ...action.insert, values: Object.fromEntries(next) } });
  return (
    <>
      {pairs.map(([column, template], index) => (
        <div className="row align-end" key={index}>
          <TextField label={`Column ${index + 1}`} value={column} onChange={(value) => write(pairs.map((pair, position) => (position === index ? [value, pair[1]] : pair)))} />
          <TextField label={`Value ${index + 1}`} value={template} placeholder="{data.subject}, {meta.contact_external_id}, {now}"
            onChange={(value) => write(pairs.map((pair, position) => (position === index ? [pair[0], value] : pair)))} />
          <button type="button" className="link" onClick={() => write(pairs.filter((_, position) => position !== index))}>Remove</button>
        </div>
      ))}
    </>
  );
}

export function ActionValues({ action, columns, path, onChange }: { action: Action; columns: ColumnView[] | undefined; path: string; onChange(action: Action): void }) {
  const [expert, setExpert] = useState(false);
  const error = useFieldError(path, true);
  const pairs = Object.entries(action.insert.values);
  const unused = columns?.map((column) => column.name).find((name) => !(name in action.insert.values));
  const add = () => onChange({ ...action, insert: { ...action.insert, values: { ...action.insert.values, [unused ?? `column_${pairs.length + 1}`]: '' } } });
  return (
    <fieldset aria-describedby={error ? `${path}-error` : undefined}>
      <legend>Columns it writes</legend>
      <FieldError id={`${path}-error`} message={error} />
      {expert ? <TemplateRows action={action} onChange={onChange} /> : pairs.map(([column, value], index) => (
        <ValueRow key={index} action={action} column={column} value={value} index={index} columns={columns} path={path} onChange={onChange} />
      ))}
      <div className="row align-end">
        <button type="button" className="link" onClick={add}>Add a column</button>
        <CheckboxField label="Write values as templates (for experts)" checked={expert} onChange={setExpert} />
      </div>
    </fieldset>
  );
}
