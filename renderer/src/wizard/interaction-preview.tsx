// Preview of one interaction type for a chosen contact, as Talkdesk will show it.
import { useState } from 'react';
import { api } from '../api/client.js';
import type { Connection, Interaction, TalkdeskInteraction } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { Empty, ErrorBox } from '../components/feedback.js';
import { clean } from './draft.js';
import { usePreview } from './use-preview.js';

export function InteractionPreview({ connection, interaction }: { connection: Connection; interaction: Interaction }) {
  const [contactKey, setContactKey] = useState('');
  const { result, error, run: request } = usePreview<{ interactions: TalkdeskInteraction[]; problems: string[] }>();
  const run = () => request(() => api('POST', '/preview/interactions', { connection: clean(connection), interaction: clean(interaction), contactKey }));
  return (
    <section className="preview">
      <form className="row align-end" onSubmit={(event) => { event.preventDefault(); void run(); }}>
        <TextField label="Preview for the contact with key" value={contactKey} onChange={setContactKey} placeholder="e.g. 157" required />
        <button type="submit" className="secondary" disabled={!contactKey}>Preview interactions</button>
      </form>
      <ErrorBox message={error?.message} problems={error && error.problems.length > 1 ? error.problems : []} />
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
