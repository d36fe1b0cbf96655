// The live preview: the first contacts exactly as Talkdesk will receive them, with each row's problems.
import { useEffect, useState } from 'react';
import { api, ApiError, messageOf } from '../api/client.js';
import type { Connection, Contacts, TalkdeskContact } from '../api/types.js';
import { Empty, Notice, ProblemsBox } from '../components/feedback.js';
import { clean } from './draft.js';
import { useDebounced } from './use-schema.js';

interface Preview { contacts: Array<{ contact: TalkdeskContact; problems: string[] }>; warnings: string[] }

function show(value: unknown): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const COLUMNS = ['id', 'name', 'phones', 'emails', 'company', 'title', 'address', 'url'] as const;

export function ContactPreview({ connection, contacts, onFirstContact }: { connection: Connection; contacts: Contacts; onFirstContact?(id: string): void }) {
  const request = useDebounced({ connection: clean(connection), contacts: clean(contacts), limit: 10 }, 350);
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<{ message: string; problems: string[] }>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api<Preview>('POST', '/preview/contacts', request).then(
      (answer) => { if (current) { setPreview(answer); setError(undefined); setLoading(false); if (answer.contacts[0]) onFirstContact?.(answer.contacts[0].contact.id); } },
      (failure: unknown) => {
        if (!current) return;
        setError(failure instanceof ApiError ? { message: failure.message, problems: failure.problems } : { message: messageOf(failure), problems: [] });
        setPreview(undefined);
        setLoading(false);
      },
    );
    return () => { current = false; };
  }, [request, onFirstContact]);

  return (
    <section className="preview" aria-labelledby="contact-preview-title" aria-busy={loading}>
      <h3 id="contact-preview-title">Preview: the first contacts as Talkdesk receives them {loading ? <span className="muted">(updating…)</span> : null}</h3>
      <ProblemsBox error={error} />
      {preview?.warnings.map((warning) => <Notice kind="warn" key={warning}>{warning}</Notice>)}
      {preview && preview.contacts.length === 0 ? <Empty>The source has no rows yet.</Empty> : null}
      {preview && preview.contacts.length > 0 ? (
        <div className="table-scroll">
          <table className="data" data-testid="contact-preview">
            <thead><tr>{COLUMNS.map((column) => <th key={column} scope="col">{column}</th>)}<th scope="col" className="problems-cell">Problems</th></tr></thead>
            <tbody>
              {preview.contacts.map(({ contact, problems }) => (
                <tr key={contact.id} className={problems.length ? 'has-problem' : ''}>
                  {COLUMNS.map((column) => <td key={column}>{show(contact[column])}</td>)}
                  <td className="problems-cell">{problems.length ? <ul className="problems">{problems.map((problem) => <li key={problem}>{problem}</li>)}</ul> : <span className="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
