// Labelled form controls: every input has a visible label and an optional hint tied to it.
import { useId, type ReactNode } from 'react';

interface Common { label: string; hint?: ReactNode; className?: string; /** Shown beside the label, outside it (a "proposed" mark). */ mark?: ReactNode }

export function TextField(props: Common & {
  value: string; onChange(value: string): void; type?: string; placeholder?: string; required?: boolean;
  autoComplete?: string; multiline?: boolean; readOnly?: boolean; pattern?: string; maxLength?: number;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const shared = {
    id, value: props.value, placeholder: props.placeholder, required: props.required, readOnly: props.readOnly,
    'aria-describedby': hintId, onChange: (event: { target: { value: string } }) => props.onChange(event.target.value),
  };
  return (
    <div className={`field ${props.className ?? ''}`}>
      <div className="label-row"><label htmlFor={id} className={props.required ? "required" : undefined}>{props.label}</label>{props.mark}</div>
      {props.multiline
        ? <textarea {...shared} rows={4} spellCheck={false} />
        : <input {...shared} type={props.type ?? 'text'} autoComplete={props.autoComplete ?? 'off'} pattern={props.pattern} maxLength={props.maxLength} />}
      {props.hint ? <div className="hint" id={hintId}>{props.hint}</div> : null}
    </div>
  );
}

export interface Option { value: string; label: string }

export function SelectField(props: Common & { value: string; onChange(value: string): void; options: Option[]; placeholder?: string; required?: boolean }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <div className="label-row"><label htmlFor={id} className={props.required ? "required" : undefined}>{props.label}</label>{props.mark}</div>
      <select id={id} value={props.value} aria-describedby={hintId} onChange={(event) => props.onChange(event.target.value)}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      {props.hint ? <div className="hint" id={hintId}>{props.hint}</div> : null}
    </div>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}
