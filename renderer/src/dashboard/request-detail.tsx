// One logged Talkdesk call: its details and body (credentials removed), with replay (an action's asks first: it inserts again).
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import { ORIGIN_TEXT, WRITE_OUTCOME_TEXT, type LogEntry } from '../api/types.js';
import { ErrorBox, Notice } from '../components/feedback.js';

interface Replay { status: number; durationMs: number; body: unknown; logId?: number }

export function RequestDetail({ id, onClose, onReplayed }: { id: number; onClose(): void; onReplayed(): void }) {
  const [entry, setEntry] = useState<LogEntry>();
  const [replay, setReplay] = useState<Replay>();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    setReplay(undefined);
    setConfirming(false);
    api<LogEntry>('GET', `/requests/${id}`).then(setEntry, (failure: unknown) => setError(messageOf(failure)));
  }, [id]);
  const run = async () => {
    setConfirming(false);
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
            {entry.origin ? <><dt>Made by</dt><dd data-testid="detail-origin">{ORIGIN_TEXT[entry.origin].explanation}</dd></> : null}
            <dt>From</dt><dd>{entry.sourceIp ?? 'unknown'}</dd>
          </dl>
          <h4>Body (credentials removed)</h4>
          <pre className="json">{JSON.stringify(entry.body ?? {}, null, 2)}</pre>
          <ReplayButton entry={entry} confirming={confirming} onAsk={() => setConfirming(true)} onCancel={() => setConfirming(false)} onRun={() => { void run(); }} />
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

/** Replays at once a read; an action (a write) first says it will insert again and waits for a second click. */
function ReplayButton({ entry, confirming, onAsk, onCancel, onRun }: { entry: LogEntry; confirming: boolean; onAsk(): void; onCancel(): void; onRun(): void }) {
  if (entry.bodyExact === false) {
    return <Notice kind="info">This call cannot be replayed: the log keeps its body only in part (a long value cut or a password-like field removed), so a replay would not send what Talkdesk sent.</Notice>;
  }
  const isWrite = entry.endpoint === 'actions';
  if (!confirming) return <button type="button" onClick={isWrite ? onAsk : onRun}>Replay this call</button>;
  return (
    <div className="replay-confirm" data-testid="replay-confirm">
      <Notice kind="warn">
        This call is an action: replaying it sends the same data again, and your database will <strong>insert it again</strong> (a second record, beside the one this call made).
      </Notice>
      <div className="row">
        <button type="button" onClick={onRun}>Replay and insert again</button>
        <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
