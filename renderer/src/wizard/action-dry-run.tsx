// An action's dry run: fill the inputs, see the row it would insert (nothing is written).
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { Action, Connection } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { Notice, ProblemsBox } from '../components/feedback.js';
import { clean } from './draft.js';
import { usePreview } from './use-preview.js';

/** `example`: a contact key the proposal found rows for; the dry run starts with it, once the action has a table. */
export function ActionDryRun({ connection, action, phoneRegion, example }: { connection: Connection; action: Action; phoneRegion: string; example?: string }) {
  const [data, setData] = useState<Record<string, string>>({});
  const [contact, setContact] = useState(example ?? '');
  const { result, error, run: request } = usePreview<{ table: string; row: Record<string, unknown>; problems: string[] }>();
  const run = async (key = contact) => {
    const filled = Object.fromEntries(Object.entries(data).filter(([name, value]) => value !== '' && action.inputs.some((input) => input.key === name)));
    await request(() => api('POST', '/preview/action', {
      connection: clean(connection), action: clean(action), phoneRegion,
      request: { meta: key ? { contact_external_id: key } : {}, data: filled },
    }));
  };
  useEffect(() => {
    if (example === undefined || !action.insert.table) return;
    setContact(example);
    void run(example);
    // Only when a proposal brings a new example or the action its table; later dry runs are the user's to ask for.
  }, [example, action.insert.table]);
  return (
    <section className="preview">
      <h4>Dry run</h4>
      <form onSubmit={(event) => { event.preventDefault(); void run(); }}>
        <div className="grid-3">
          <TextField label="Contact key (its id in your database)" value={contact} onChange={setContact}
            hint={example !== undefined && contact === example ? 'A contact that has rows in the database, picked by the proposal.' : undefined} />
          {action.inputs.filter((input) => input.key).map((input) => (
            <TextField key={input.key} label={`${input.name || input.key}${input.mandatory ? ' (mandatory)' : ''}`} value={data[input.key] ?? ''}
              onChange={(value) => setData({ ...data, [input.key]: value })} />
          ))}
        </div>
        <button type="submit" className="secondary">Dry run</button>
      </form>
      <ProblemsBox error={error} />
      {result ? (
        <>
          {result.problems.map((problem) => <Notice kind="warn" key={problem}>{problem}</Notice>)}
          <p>Would insert into <strong>{result.table}</strong> (nothing was written):</p>
          <pre className="json" data-testid="dry-run-row">{JSON.stringify(result.row, null, 2)}</pre>
        </>
      ) : null}
    </section>
  );
}
