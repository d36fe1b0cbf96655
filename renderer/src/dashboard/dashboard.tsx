// The dashboard, live: the first-run page, alerts, status at a glance, the integrations with their edit buttons, the request log, sync history and diagnostics.
import { useState } from 'react';
import type { Status } from '../api/types.js';
import { usePolled } from '../api/use-polled.js';
import { Empty, ErrorBox } from '../components/feedback.js';
import { Charts } from './charts.js';
import { DiagnosticsButton } from './diagnostics-button.js';
import { FirstRun } from './first-run.js';
import { useNewestCall } from './live-calls.js';
import { RequestLog } from './request-log.js';
import { Alerts, StatusCards } from './status-cards.js';
import { SyncHistory } from './sync-history.js';

const POLL_MS = 5000;

export function Dashboard({ onEdit, onCreate }: { onEdit(id: string): void; onCreate(): void }) {
  const [refresh, setRefresh] = useState(0);
  // Each call the bridge logs moves this, and the figures and the log reload without Refresh.
  const newestCall = useNewestCall();
  const { value: status, error } = usePolled<Status>('/status', POLL_MS, `${refresh}:${String(newestCall)}`);
  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <div className="row space-between align-end">
        <h1 id="dashboard-title">Dashboard</h1>
        <button type="button" className="secondary" onClick={() => setRefresh(refresh + 1)}>Refresh</button>
      </div>
      <ErrorBox message={error} />
      {status ? (
        <>
          {status.firstRun ? <FirstRun onCreate={onCreate} /> : null}
          <Alerts status={status} />
          <StatusCards status={status} />
          <Charts reload={status} />
          <section aria-labelledby="integrations-title">
            <h2 id="integrations-title">Integrations</h2>
            {status.integrations.length === 0 ? <Empty>No integration yet.</Empty> : (
              <ul className="integration-list">
                {status.integrations.map((item) => (
                  <li key={item.id}>
                    <strong>{item.displayName}</strong> <span className="muted">({item.id}, {item.dialect}, {item.activeKeys} active key{item.activeKeys === 1 ? '' : 's'})</span>
                    <button type="button" className="secondary" onClick={() => onEdit(item.id)}>Edit {item.displayName}</button>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={onCreate}>Add an integration</button>
          </section>
        </>
      ) : null}
      <RequestLog refresh={refresh} newestCall={newestCall} />
      <SyncHistory refresh={refresh} />
      <DiagnosticsButton />
    </section>
  );
}
