// Value maps: which database value means which Talkdesk status or priority ("done" → solved).
import { SelectField, TextField } from '../components/fields.js';

export function ValueMapEditor(props: { label: string; allowed: readonly string[]; value: Record<string, string> | undefined; onChange(value: Record<string, string> | undefined): void }) {
  const pairs = Object.entries(props.value ?? {});
  const write = (next: Array<[string, string]>) => props.onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <fieldset className="value-map">
      <legend>{props.label}</legend>
      {pairs.length === 0 ? <p className="hint">Values already named like Talkdesk's ({props.allowed.join(', ')}) pass as they are.</p> : null}
      {pairs.map(([from, to], index) => (
        <div className="row align-end" key={index}>
          <TextField label={`Database value ${index + 1}`} value={from} onChange={(value) => write(pairs.map((pair, position) => (position === index ? [value, pair[1]] : pair)))} />
          <SelectField label={`Talkdesk value ${index + 1}`} value={to} options={props.allowed.map((value) => ({ value, label: value }))}
            onChange={(value) => write(pairs.map((pair, position) => (position === index ? [pair[0], value] : pair)))} />
          <button type="button" className="link" onClick={() => write(pairs.filter((_, position) => position !== index))}>Remove</button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => write([...pairs, ['', props.allowed[0]!]])}>Add a value</button>
    </fieldset>
  );
}
