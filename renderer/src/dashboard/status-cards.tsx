// Status at a glance: database, tunnel, last sync, phone index, requests per minute, error rate, p95 latency; and the alerts.
import type { Status } from '../api/types.js';
import { Notice } from '../components/feedback.js';
import { stateWords } from '../golive/tunnel-state.js';

function Card({ title, value, detail, tone = 'neutral' }: { title: string; value: string; detail?: string; tone?: 'ok' | 'bad' | 'neutral' }) {
  return (
    <div className={`status-card tone-${tone}`}>
      <h3>{title}</h3>
      <p className="status-value">{value}</p>
      {detail ? <p className="muted">{detail}</p> : null}
    </div>
  );
}

function ago(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

/** The phone index of each integration that keeps one: building (with its progress), ready, or failed. */
function PhoneIndexCard({ status }: { status: Status }) {
  const indexed = status.integrations.filter((item) => item.phoneIndex);
  if (indexed.length === 0) return null;
  const states = indexed.map((item) => item.phoneIndex!.state);
  const value = states.includes('failed') ? 'Failed' : states.includes('building') ? 'Building' : 'Ready';
  const detail = indexed.map((item) => {
    const index = item.phoneIndex!;
    if (index.state === 'building') return `${item.displayName}: ${index.contactsRead} contacts read`;
    if (index.state === 'failed') return `${item.displayName}: ${index.error ?? 'failed'}`;
    return `${item.displayName}: refreshed ${ago(index.lastRefreshAt ?? index.lastFullPassAt)}`;
  }).join(' · ');
  return <Card title="Phone index" value={value} tone={value === 'Failed' ? 'bad' : value === 'Ready' ? 'ok' : 'neutral'} detail={detail} />;
}

export function StatusCards({ status }: { status: Status }) {
  const databaseOk = status.database.state === 'ok';
  const tunnel = status.tunnel;
  const lastSync = status.integrations.map((item) => item.lastSync).filter((run) => run !== null).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  const metrics = status.metrics;
  return (
    <div className="status-grid" aria-label="Status">
      <Card title="Database" value={databaseOk ? 'Reachable' : status.database.state === 'not_configured' ? 'Not set up' : 'Unreachable'} tone={databaseOk ? 'ok' : 'bad'}
        detail={status.integrations.map((item) => `${item.displayName}: ${item.database.state === 'ok' ? 'ok' : 'unreachable'}`).join(' · ')} />
      <Card title="Tunnel" value={stateWords(tunnel.state)} tone={tunnel.state === 'online' ? 'ok' : tunnel.state === 'offline' ? 'bad' : 'neutral'}
        detail={tunnel.url ?? (typeof tunnel.lastProbeAt === 'string' ? `last probe ${ago(tunnel.lastProbeAt)}` : 'no public URL')} />
      <Card title="Last sync" value={lastSync ? ago(lastSync.finishedAt ?? lastSync.startedAt) : 'never'}
        detail={lastSync ? `${lastSync.kind}, ${lastSync.rows} contacts${lastSync.finishedAt ? '' : ' (running)'}` : 'Talkdesk has not synced yet'} />
      <PhoneIndexCard status={status} />
      <Card title="Requests / min" value={String(metrics.requestsPerMinute)} detail={`${metrics.requests} in ${metrics.windowMinutes} min`} />
      <Card title="Error rate" value={`${Math.round(metrics.errorRate * 1000) / 10}%`} tone={metrics.errorRate > metrics.errorRateAlert ? 'bad' : 'neutral'}
        detail={`last ${metrics.windowMinutes} min; alert above ${Math.round(metrics.errorRateAlert * 100)}%`} />
      <Card title="p95 latency" value={metrics.p95LatencyMs === null ? '—' : `${metrics.p95LatencyMs} ms`} detail={`last ${metrics.windowMinutes} min`} />
    </div>
  );
}

export function Alerts({ status }: { status: Status }) {
  if (status.alerts.length === 0) return <Notice kind="ok">No alerts: everything looks fine.</Notice>;
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title" className="visually-hidden">Alerts</h2>
      {status.alerts.map((alert) => <Notice kind="warn" key={`${alert.code}-${alert.integration ?? ''}`}>{alert.message}</Notice>)}
    </section>
  );
}
