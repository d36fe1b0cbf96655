// The tunnel part of Go live: which tunnel to use (saved in the profile), its state, start and stop.
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { Tunnel, TunnelStatus } from '../api/types.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { ErrorBox, Notice } from '../components/feedback.js';

const PROVIDERS = [
  { value: 'none', label: 'None (this computer only)' },
  { value: 'localtunnel', label: 'localtunnel: for trying out only (unencrypted to a public relay)' },
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
      {tunnel.provider === 'localtunnel' ? <LocaltunnelWarning tunnel={tunnel} setTunnel={setTunnel} /> : null}
      {tunnel.provider === 'external' ? (
        <TextField label="Public URL" required value={tunnel.url} placeholder="https://bridge.example.com" onChange={(url) => setTunnel({ provider: 'external', url })} />
      ) : null}
    </div>
  );
}

/** localtunnel is a public relay run by others, reached over plain TCP: say so, and ask for a yes before real data goes through it. */
function LocaltunnelWarning({ tunnel, setTunnel }: { tunnel: Extract<Tunnel, { provider: 'localtunnel' }>; setTunnel(tunnel: Tunnel): void }) {
  return (
    <div data-testid="localtunnel-warning">
      <Notice kind="warn">
        localtunnel is a public relay run by others, for trying Deskbridge out. Between this computer and the relay, every call
        (the Talkdesk API key and your customers' data) crosses the internet <strong>unencrypted</strong>. For real data choose ngrok or SSH.
      </Notice>
      <CheckboxField label="I understand the calls are unencrypted to the relay (needed for an integration other than the demo)"
        checked={tunnel.acknowledgeUnencrypted === true} onChange={(checked) => setTunnel({ ...tunnel, acknowledgeUnencrypted: checked || undefined })} />
    </div>
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
