// Sync history: each contact sync Talkdesk ran, full or incremental, with rows and duration.
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { SyncRun } from '../api/types.js';
import { Empty, ErrorBox } from '../components/feedback.js';
import { SyncRunsChart } from './history-charts.js';

export function SyncHistory({ refresh }: { refresh: number }) {
  const [runs, setRuns] = useState<SyncRun[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ runs: SyncRun[] }>('GET', '/sync-runs').then((answer) => setRuns(answer.runs), (failure: unknown) => setError(messageOf(failure)));
  }, [refresh]);
  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">Sync history</h2>
      <ErrorBox message={error} />
      {runs && runs.length === 0 ? <Empty>No syncs yet: Talkdesk starts one after you paste the configuration.</Empty> : null}
      {runs && runs.length > 0 ? <div className="charts" data-testid="sync-chart"><SyncRunsChart runs={runs} /></div> : null}
      {runs && runs.length > 0 ? (
        <table className="data">
          <thead><tr><th scope="col">Started</th><th scope="col">Integration</th><th scope="col">Kind</th><th scope="col">Pages</th><th scope="col">Contacts</th><th scope="col">Duration</th></tr></thead>
          <tbody>{runs.map((run) => (
            <tr key={run.id}>
              <td>{new Date(run.startedAt).toLocaleString()}</td><td>{run.integration}</td><td>{run.kind}</td><td>{run.pages}</td><td>{run.rows}</td>
              <td>{run.durationMs !== undefined ? `${(run.durationMs / 1000).toFixed(1)} s` : 'running or abandoned'}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : null}
    </section>
  );
}
