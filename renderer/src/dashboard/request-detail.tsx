// One logged Talkdesk call: its details and body (credentials removed), with replay.
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import { WRITE_OUTCOME_TEXT, type LogEntry } from '../api/types.js';
import { ErrorBox, Notice } from '../components/feedback.js';

interface Replay { status: number; durationMs: number; body: unknown; logId?: number }

export function RequestDetail({ id, onClose, onReplayed }: { id: number; onClose(): void; onReplayed(): void }) {
  const [entry, setEntry] = useState<LogEntry>();
  const [replay, setReplay] = useState<Replay>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setReplay(undefined);
    api<LogEntry>('GET', `/requests/${id}`).then(setEntry, (failure: unknown) => setError(messageOf(failure)));
  }, [id]);
  const run = async () => {
    try { setReplay(await api<Replay>('POST', `/requests/${id}/replay`)); setError(undefined); onReplayed(); } catch (failure) { setError(messageOf(failure)); }
  };
  return (
    <aside className="detail" aria-labelledby="detail-title">
      <div className="row space-between">
        <h3 id="detail-title">Request #{id}</h3>
        <button type="button" className="link" onClick={onClose}>Close</button>
      </div>
      <ErrorBox message={error} />
      {entry ? (
        <>
          <dl className="facts">
            <dt>When</dt><dd>{new Date(entry.at).toLocaleString()}</dd>
            <dt>Call</dt><dd>{entry.method} {entry.path}</dd>
            <dt>Answer</dt><dd>{entry.status}{entry.errorCode ? ` (${entry.errorCode})` : ''} in {entry.durationMs.toFixed(1)} ms</dd>
            {entry.writeOutcome ? <><dt>Write</dt><dd data-testid="detail-write-outcome"><strong>{WRITE_OUTCOME_TEXT[entry.writeOutcome].label}</strong>: {WRITE_OUTCOME_TEXT[entry.writeOutcome].explanation}</dd></> : null}
            <dt>From</dt><dd>{entry.sourceIp ?? 'unknown'}</dd>
          </dl>
          <h4>Body (credentials removed)</h4>
          <pre className="json">{JSON.stringify(entry.body ?? {}, null, 2)}</pre>
          <button type="button" onClick={() => { void run(); }}>Replay this call</button>
          {replay ? (
            <div data-testid="replay-result">
              <Notice kind={replay.status < 400 ? 'ok' : 'warn'}>Replayed: answered {replay.status} in {replay.durationMs} ms{replay.logId ? `, logged as #${replay.logId}` : ''}.</Notice>
              <pre className="json">{JSON.stringify(replay.body, null, 2).slice(0, 4000)}</pre>
            </div>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
