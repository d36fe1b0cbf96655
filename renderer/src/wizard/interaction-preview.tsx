// Preview of one interaction type for a chosen contact, as Talkdesk will show it.
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { Connection, Interaction, TalkdeskInteraction } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { Empty, ProblemsBox } from '../components/feedback.js';
import { clean } from './draft.js';
import { usePreview } from './use-preview.js';

/** `example`: a contact key that has rows of this type (from the proposal): the preview starts with it. */
export function InteractionPreview({ connection, interaction, example }: { connection: Connection; interaction: Interaction; example?: string }) {
  const [contactKey, setContactKey] = useState(example ?? '');
  const { result, error, run: request } = usePreview<{ interactions: TalkdeskInteraction[]; problems: string[] }>();
  const run = (key = contactKey) => request(() => api('POST', '/preview/interactions', { connection: clean(connection), interaction: clean(interaction), contactKey: key }));
  useEffect(() => {
    if (example === undefined) return;
    setContactKey(example);
    void run(example);
    // Only when a proposal brings a new example; later previews are the user's to ask for.
  }, [example]);
  return (
    <section className="preview">
      <form className="row align-end" onSubmit={(event) => { event.preventDefault(); void run(); }}>
        <TextField label="Preview for the contact with key" value={contactKey} onChange={setContactKey} placeholder="e.g. 157" required
          hint={example !== undefined && contactKey === example ? `A contact that has ${interaction.type ? `"${interaction.type}" rows` : "rows"} in the database, picked by the proposal.` : undefined} />
        <button type="submit" className="secondary" disabled={!contactKey}>Preview interactions</button>
      </form>
      <ProblemsBox error={error} />
      {result?.problems.map((problem) => <p className="hint" key={problem}>{problem}</p>)}
      {result && result.interactions.length === 0 ? <Empty>No {interaction.type || 'interactions'} for this contact.</Empty> : null}
      {result && result.interactions.length > 0 ? (
        <div className="table-scroll">
          <table className="data" data-testid="interaction-preview">
            <thead><tr><th scope="col">id</th><th scope="col">date</th><th scope="col">subject</th><th scope="col">status</th><th scope="col">priority</th></tr></thead>
            <tbody>{result.interactions.map((item) => (
              <tr key={item.id}><td>{item.id}</td><td>{item.date}</td><td>{item.subject}</td><td>{item.status ?? ''}</td><td>{item.priority ?? ''}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
