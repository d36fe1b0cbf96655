// Value maps: which database value means which Talkdesk status or priority ("done" → solved); values found in the data listed with counts.
import type { ValueChoice } from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';

/** Every distinct value the proposal found, with how often it was seen and what it becomes (or a prompt to choose). */
function FoundValues<V extends string>({ found, allowed, map, set }: { found: ValueChoice[]; allowed: readonly V[]; map: Record<string, V>; set(value: string, target: string): void }) {
  return (
    <table className="found-values">
      <thead><tr><th scope="col">Value found</th><th scope="col">Rows in the sample</th><th scope="col">Becomes</th></tr></thead>
      <tbody>
        {found.map((choice) => (
          <tr key={choice.value} className={map[choice.value] ? undefined : 'unplaced'}>
            <td><code>{choice.value}</code></td>
            <td>{choice.count}</td>
            <td title={choice.reason}>
              <select aria-label={`"${choice.value}" becomes`} value={map[choice.value] ?? ''} onChange={(event) => set(choice.value, event.target.value)}>
                <option value="">Choose…</option>
                {allowed.map((value) => <option key={value} value={value}>{value}</option>)}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ValueMapEditor<V extends string>(props: { label: string; allowed: readonly V[]; value: Record<string, V> | undefined; onChange(value: Record<string, V> | undefined): void; found?: ValueChoice[] }) {
  const map = props.value ?? {};
  const foundValues = new Set((props.found ?? []).map((choice) => choice.value));
  const pairs = Object.entries(map).filter(([from]) => !foundValues.has(from));
  // Only a value Talkdesk knows is kept (a choice of the list always is; "Choose…" is none).
  const known = (target: string) => props.allowed.find((value) => value === target);
  const write = (next: Array<[string, V]>) => {
    const kept = Object.entries(map).filter(([from]) => foundValues.has(from));
    const all = [...kept, ...next];
    props.onChange(all.length ? Object.fromEntries(all) : undefined);
  };
  const setFound = (value: string, target: string) => {
    const next = { ...map };
    const chosen = known(target);
    if (chosen) next[value] = chosen; else delete next[value];
    props.onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <fieldset className="value-map">
      <legend>{props.label}</legend>
      {props.found && props.found.length > 0 ? <FoundValues found={props.found} allowed={props.allowed} map={map} set={setFound} /> : null}
      {pairs.length === 0 && !props.found?.length ? <p className="hint">Values already named like Talkdesk's ({props.allowed.join(', ')}) pass as they are.</p> : null}
      {pairs.map(([from, to], index) => (
        <div className="row align-end" key={index}>
          <TextField label={`Database value ${index + 1}`} value={from} onChange={(value) => write(pairs.map((pair, position) => (position === index ? [value, pair[1]] : pair)))} />
          <SelectField label={`Talkdesk value ${index + 1}`} value={to} options={props.allowed.map((value) => ({ value, label: value }))}
            onChange={(value) => write(pairs.map((pair, position) => (position === index ? [pair[0], known(value) ?? pair[1]] : pair)))} />
          <button type="button" className="link" onClick={() => write(pairs.filter((_, position) => position !== index))}>Remove</button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => write([...pairs, ['', props.allowed[0]!]])}>Add a value</button>
    </fieldset>
  );
}
