// The request log, live: Talkdesk calls newest first (the bridge's own marked), filtered by endpoint and outcome, paged; a row opens its detail.
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import { ORIGIN_TEXT, WRITE_OUTCOME_TEXT, type LogEntry } from '../api/types.js';
import { SelectField } from '../components/fields.js';
import { Empty, ErrorBox } from '../components/feedback.js';
import { RequestDetail } from './request-detail.js';

const ENDPOINTS = ['auth', 'contacts', 'interactions', 'agents', 'actions'];

/** `newestCall` moves with the live feed: the page reloads and a new call appears without Refresh. */
export function RequestLog({ refresh, newestCall }: { refresh: number; newestCall: number }) {
  const [endpoint, setEndpoint] = useState('');
  const [outcome, setOutcome] = useState('');
  const [pages, setPages] = useState<number[]>([]);
  const [data, setData] = useState<{ entries: LogEntry[]; nextBefore?: number }>();
  const [selected, setSelected] = useState<number>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const before = pages.at(-1);
  const load = useCallback(async () => {
    const query = new URLSearchParams({ limit: '25', ...(endpoint ? { endpoint } : {}), ...(outcome ? { status: outcome } : {}), ...(before ? { before: String(before) } : {}) });
    try { setData(await api('GET', `/requests?${query}`)); setError(undefined); } catch (failure) { setError(messageOf(failure)); }
  }, [endpoint, outcome, before]);
  useEffect(() => { void load(); }, [load, refresh, tick, newestCall]);
  const filter = (set: (value: string) => void) => (value: string) => { set(value); setPages([]); };
  return (
    <section aria-labelledby="log-title" className="log-layout">
      <div className="log-main">
        <div className="row space-between align-end">
          <h2 id="log-title">Request log</h2>
          <div className="row log-filters">
            <SelectField label="Endpoint" value={endpoint} placeholder="All" options={ENDPOINTS.map((value) => ({ value, label: value }))} onChange={filter(setEndpoint)} />
            <SelectField label="Outcome" value={outcome} placeholder="All" options={[{ value: 'ok', label: 'Succeeded' }, { value: 'error', label: 'Failed' }]} onChange={filter(setOutcome)} />
          </div>
        </div>
        <ErrorBox message={error} />
        {data && data.entries.length === 0 ? <Empty>No calls yet. They appear here as soon as Talkdesk (or the self-test) calls the bridge.</Empty> : null}
        {data && data.entries.length > 0 ? (
          <table className="data selectable" data-testid="request-log">
            <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col" title="Contacts, interactions or agents in the answer">Records</th></tr></thead>
            <tbody>{data.entries.map((entry) => (
              <tr key={entry.id} className={`${entry.status >= 400 ? 'has-problem' : ''} ${selected === entry.id ? 'selected' : ''}`}>
                <td><button type="button" className="link" aria-label={`Open request ${entry.id}`} onClick={() => setSelected(entry.id)}>{entry.id}</button></td>
                <td>{new Date(entry.at).toLocaleTimeString()}</td><td>{entry.method}</td><td>{entry.integration ? `${entry.integration} / ` : ''}{entry.endpoint}{entry.origin ? (
                  <span className="badge badge-info" data-testid="call-origin" title={ORIGIN_TEXT[entry.origin].explanation}>{ORIGIN_TEXT[entry.origin].label}</span>
                ) : null}</td>
                <td>{entry.status}{entry.errorCode ? ` ${entry.errorCode}` : ''}{entry.writeOutcome ? (
                  <span className={`badge ${entry.writeOutcome === 'unknown' ? 'warn' : ''}`} data-testid="write-outcome" title={WRITE_OUTCOME_TEXT[entry.writeOutcome].explanation}> {WRITE_OUTCOME_TEXT[entry.writeOutcome].label}</span>
                ) : null}</td><td>{entry.durationMs.toFixed(0)}</td><td>{entry.records ?? ''}</td>
              </tr>
            ))}</tbody>
          </table>
        ) : null}
        <div className="row">
          <button type="button" className="secondary" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
          <button type="button" className="secondary" disabled={!data?.nextBefore} onClick={() => data?.nextBefore && setPages([...pages, data.nextBefore])}>Older</button>
        </div>
      </div>
      {selected !== undefined ? <RequestDetail id={selected} onClose={() => setSelected(undefined)} onReplayed={() => setTick(tick + 1)} /> : null}
    </section>
  );
}
