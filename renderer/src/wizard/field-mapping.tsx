// Mapping controls: pick a real column, or write a template such as "{first_name} {last_name}"; lists for multi-valued fields.
import { useState, type ReactNode } from 'react';
import type { ColumnView } from '../api/types.js';
import { FieldError } from '../components/field-errors.js';
import { useFieldState } from '../components/fields.js';

const TEMPLATE = '__template__';

export function RefControl(props: { label: string; value: string; columns: ColumnView[]; onChange(value: string): void; required?: boolean; hint?: string; mark?: ReactNode; path?: string }) {
  const { id, error, errorId, describedBy, invalid, hintId } = useFieldState(props.path, props.hint);
  const names = props.columns.map((column) => column.name);
  const isColumn = props.value === '' || names.includes(props.value);
  // Only the user's explicit choice of "Template…" is state: columns arrive after the first render.
  const [templateMode, setTemplateMode] = useState(false);
  const showTemplate = templateMode || !isColumn;
  return (
    <div className={`field ref-control${error ? ' invalid' : ''}`}>
      <div className="label-row"><label htmlFor={id} className={props.required ? "required" : undefined}>{props.label}</label>{props.mark}</div>
      <div className="ref-inputs">
        <select id={id} value={showTemplate ? TEMPLATE : props.value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => {
          const value = event.target.value;
          if (value === TEMPLATE) { setTemplateMode(true); props.onChange(props.value ? (isColumn ? `{${props.value}}` : props.value) : ''); } else { setTemplateMode(false); props.onChange(value); }
        }}>
          <option value="">(not mapped)</option>
          {names.map((name) => <option key={name} value={name}>{name}</option>)}
          <option value={TEMPLATE}>Template…</option>
        </select>
        {showTemplate ? (
          <input aria-label={`${props.label} template`} value={props.value} placeholder="{first_name} {last_name}" spellCheck={false}
            onChange={(event) => props.onChange(event.target.value)} />
        ) : null}
      </div>
      <FieldError id={errorId} message={error} />
      {props.hint ? <div className="hint" id={hintId}>{props.hint}</div> : null}
    </div>
  );
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? (value.length ? value : ['']) : [value];
}

export function RefListControl(props: { label: string; value: string | string[] | undefined; columns: ColumnView[]; onChange(value: string[]): void; mark?: ReactNode; path?: string }) {
  const list = asList(props.value);
  const set = (index: number, item: string) => props.onChange(list.map((current, position) => (position === index ? item : current)));
  return (
    <fieldset className="ref-list">
      <legend>{props.label} {props.mark}</legend>
      {list.map((item, index) => (
        <div className="ref-list-item" key={index}>
          <RefControl label={`${props.label} ${index + 1}`} value={item} columns={props.columns} onChange={(value) => set(index, value)} path={props.path === undefined ? undefined : `${props.path}[${index}]`} />
          {list.length > 1 ? <button type="button" className="link" aria-label={`Remove ${props.label} ${index + 1}`} onClick={() => props.onChange(list.filter((_, position) => position !== index))}>Remove</button> : null}
        </div>
      ))}
      <button type="button" className="link" onClick={() => props.onChange([...list, ''])}>Add another {props.label.toLowerCase().replace(/s$/, '')}</button>
    </fieldset>
  );
}

/** "id (indexed)" / "name — no index" labels for key and checkpoint pickers. */
export function columnOptions(columns: ColumnView[]): Array<{ value: string; label: string }> {
  return columns.map((column) => ({
    value: column.name,
    label: column.indexed === undefined ? column.name : `${column.name}${column.indexed ? ' (indexed)' : ' — no index'}`,
  }));
}
