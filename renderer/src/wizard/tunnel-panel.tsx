// The tunnel part of Go live: which tunnel to use (saved in the profile), its state, start and stop.
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { Tunnel, TunnelStatus } from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';
import { ErrorBox, Notice } from '../components/feedback.js';

const PROVIDERS = [
  { value: 'none', label: 'None (this computer only)' },
  { value: 'localtunnel', label: 'Localtunnel (a free public HTTPS URL)' },
  { value: 'external', label: 'My own public URL (reverse proxy, port forward)' },
];

function TunnelSettings({ tunnel, setTunnel }: { tunnel: Tunnel; setTunnel(tunnel: Tunnel): void }) {
  return (
    <div className="row">
      <SelectField label="Tunnel type" value={tunnel.provider} options={tunnel.provider === 'ssh' ? [...PROVIDERS, { value: 'ssh', label: 'SSH (set in the profile file)' }] : PROVIDERS}
        onChange={(provider) => setTunnel(provider === 'external' ? { provider, url: '' } : provider === 'localtunnel' ? { provider } : { provider: 'none' })} />
      {tunnel.provider === 'localtunnel' ? (
        <TextField label="Subdomain (optional)" value={tunnel.subdomain ?? ''} onChange={(subdomain) => setTunnel({ ...tunnel, subdomain: subdomain || undefined })} />
      ) : null}
      {tunnel.provider === 'external' ? (
        <TextField label="Public URL" required value={tunnel.url} placeholder="https://bridge.example.com" onChange={(url) => setTunnel({ provider: 'external', url })} />
      ) : null}
    </div>
  );
}

/** What localtunnel's fixed pool of relay sockets means when someone who knows the URL attacks it. */
function LocaltunnelLimits() {
  return (
    <Notice kind="warn">
      Localtunnel is for trying Deskbridge out. Its client keeps only 10 connections to the relay, and every call in progress
      holds one. Deskbridge cuts a caller that is slow to send its request after 3 seconds, so a few slow callers only delay
      Talkdesk by seconds; but anyone who learns the URL can keep all 10 busy with a few dozen slow requests, and Talkdesk's
      calls then time out. Its relay also passes on whatever address a caller claims, so an IP allow-list cannot be used
      with it. For production, use an SSH tunnel to a server you control.
    </Notice>
  );
}

export function TunnelPanel({ tunnel, setTunnel, onChanged }: { tunnel: Tunnel; setTunnel(tunnel: Tunnel): void; onChanged(): void }) {
  const [status, setStatus] = useState<TunnelStatus>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try { setStatus(await api<TunnelStatus>('GET', '/tunnel')); } catch (failure) { setError(messageOf(failure)); }
  }, []);
  useEffect(() => { void load(); }, [load]);
  const running = status !== undefined && status.state !== 'not_configured';
  const control = async (verb: 'start' | 'stop') => {
    try {
      setStatus(await api<TunnelStatus>('POST', `/tunnel/${verb}`));
      setError(undefined);
      onChanged();
    } catch (failure) { setError(messageOf(failure)); }
  };
  return (
    <section aria-labelledby="tunnel-title">
      <h3 id="tunnel-title">Tunnel</h3>
      <TunnelSettings tunnel={tunnel} setTunnel={setTunnel} />
      {tunnel.provider === 'localtunnel' ? <LocaltunnelLimits /> : null}
      <div className="actions-row">
        <span>State: <strong data-testid="tunnel-state">{status?.state.replace('_', ' ') ?? '…'}</strong>{status?.url ? <> at <code>{status.url}</code></> : null}</span>
        <button type="button" className="secondary" disabled={!running} onClick={() => { void control('start'); }}>Start tunnel</button>
        <button type="button" className="secondary" disabled={!running} onClick={() => { void control('stop'); }}>Stop tunnel</button>
      </div>
      {!running && status ? <p className="hint">No tunnel runs now. Choose one above and save; Deskbridge starts it (a restart may be needed).</p> : null}
      <ErrorBox message={error} />
    </section>
  );
}
