// Labelled form controls: every input has a visible label, an optional hint and the problem found on it, tied to it.
import { useId, type ReactNode } from 'react';
import { FieldError, useFieldError } from './field-errors.js';

interface Common {
  label: string; hint?: ReactNode; className?: string; /** Shown beside the label, outside it (a "proposed" mark). */ mark?: ReactNode;
  /** Where the field is in the integration ("contacts.key"): a problem found there shows under it. */
  path?: string;
}

/** The id, described-by ids and invalid state a control shares with its hint and its problem. */
export function useFieldState(path: string | undefined, hint: unknown) {
  const id = useId();
  const error = useFieldError(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return { id, error, errorId: `${id}-error`, describedBy, invalid: error ? true : undefined, hintId };
}

export function TextField(props: Common & {
  value: string; onChange(value: string): void; type?: string; placeholder?: string; required?: boolean;
  autoComplete?: string; multiline?: boolean; readOnly?: boolean; pattern?: string; maxLength?: number;
}) {
  const { id, error, errorId, describedBy, invalid, hintId } = useFieldState(props.path, props.hint);
  const shared = {
    id, value: props.value, placeholder: props.placeholder, required: props.required, readOnly: props.readOnly,
    'aria-describedby': describedBy, 'aria-invalid': invalid, onChange: (event: { target: { value: string } }) => props.onChange(event.target.value),
  };
  return (
    <div className={`field ${error ? 'invalid ' : ''}${props.className ?? ''}`}>
      <div className="label-row"><label htmlFor={id} className={props.required ? "required" : undefined}>{props.label}</label>{props.mark}</div>
      {props.multiline
        ? <textarea {...shared} rows={4} spellCheck={false} />
        : <input {...shared} type={props.type ?? 'text'} autoComplete={props.autoComplete ?? 'off'} pattern={props.pattern} maxLength={props.maxLength} />}
      <FieldError id={errorId} message={error} />
      {props.hint ? <div className="hint" id={hintId}>{props.hint}</div> : null}
    </div>
  );
}

export interface Option { value: string; label: string }

export function SelectField(props: Common & { value: string; onChange(value: string): void; options: Option[]; placeholder?: string; required?: boolean }) {
  const { id, error, errorId, describedBy, invalid, hintId } = useFieldState(props.path, props.hint);
  return (
    <div className={`field ${error ? 'invalid ' : ''}${props.className ?? ''}`}>
      <div className="label-row"><label htmlFor={id} className={props.required ? "required" : undefined}>{props.label}</label>{props.mark}</div>
      <select id={id} value={props.value} aria-describedby={describedBy} aria-invalid={invalid} onChange={(event) => props.onChange(event.target.value)}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      <FieldError id={errorId} message={error} />
      {props.hint ? <div className="hint" id={hintId}>{props.hint}</div> : null}
    </div>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange(checked: boolean): void; path?: string }) {
  const { id, error, errorId, describedBy, invalid } = useFieldState(props.path, undefined);
  return (
    <div className={`field checkbox${error ? ' invalid' : ''}`}>
      <input id={id} type="checkbox" checked={props.checked} aria-describedby={describedBy} aria-invalid={invalid}
        onChange={(event) => props.onChange(event.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
      <FieldError id={errorId} message={error} />
    </div>
  );
}
