// The settings of each tunnel kind; secrets typed here are stored by the bridge on save and never shown again.
import { useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { LocaltunnelTunnel, NgrokTunnel, SshTunnel, Tunnel } from '../api/types.js';
import { CheckboxField, TextField, useFieldState } from '../components/fields.js';
import { ErrorBox, Notice } from '../components/feedback.js';
import { FieldError } from '../components/field-errors.js';
import { isLoopbackHost } from '../../../bridge/contract/index.js';

/** Secrets typed on the page, stored on save (PUT /api/tunnel/secrets/KIND). */
export type TypedSecrets = Partial<Record<'ngrok-authtoken' | 'ssh-private-key' | 'ssh-password' | 'proxy-password', string>>;

interface Props<T extends Tunnel> { tunnel: T; setTunnel(tunnel: Tunnel): void; secrets: TypedSecrets; setSecrets(secrets: TypedSecrets): void }

/**
 * Whether a public URL is plain http:// to this computer's loopback: the only plain URL the bridge takes, and only for
 * a test. Anywhere else the save is refused with the reason on the field, and a test allowance could not help.
 */
function isPlainLoopbackUrl(value: string): boolean {
  if (!/^http:\/\//i.test(value)) return false;
  try {
    return isLoopbackHost(new URL(value).hostname);
  } catch {
    return false;
  }
}

function storedHint(stored: boolean): string {
  return stored ? 'Stored encrypted. Leave empty to keep it, or paste a new one.' : 'Stored encrypted on save; never shown again.';
}

export function NgrokSettings({ tunnel, setTunnel, secrets, setSecrets }: Props<NgrokTunnel>) {
  return (
    <div className="settings">
      <div className="row">
        <TextField label="ngrok authtoken" path="tunnel.authtoken" type="password" required={!tunnel.authtoken} value={secrets['ngrok-authtoken'] ?? ''}
          hint={<>{storedHint(Boolean(tunnel.authtoken))} From dashboard.ngrok.com → Your Authtoken.</>}
          onChange={(value) => setSecrets({ ...secrets, 'ngrok-authtoken': value })} />
        <TextField label="Domain (optional)" path="tunnel.domain" value={tunnel.domain ?? ''} placeholder="acme.ngrok.app"
          hint="A domain reserved on the ngrok account (dashboard → Domains). Without one, ngrok assigns the URL."
          onChange={(domain) => setTunnel({ ...tunnel, domain: domain.trim() || undefined })} />
      </div>
      <CheckboxField label="Share this domain with another Deskbridge install (endpoint pooling)" checked={tunnel.pooling === true}
        onChange={(pooling) => setTunnel({ ...tunnel, pooling })} />
      <p className="hint" data-testid="ngrok-no-proxy">ngrok cannot go through an office HTTP proxy (its SDK has no proxy setting): this computer needs a direct way out to connect.ngrok-agent.com on TCP port 443. Behind a proxy, choose SSH.</p>
    </div>
  );
}

export function SshSettings({ tunnel, setTunnel, secrets, setSecrets }: Props<SshTunnel>) {
  const set = (fields: Partial<SshTunnel>) => setTunnel({ ...tunnel, ...fields });
  return (
    <div className="settings">
      <div className="row">
        <TextField label="SSH server" path="tunnel.host" required value={tunnel.host} placeholder="bridge.example.com" onChange={(host) => set({ host: host.trim(), hostKey: '' })} />
        <TextField label="Port" path="tunnel.port" className="narrow" value={String(tunnel.port ?? 22)} onChange={(port) => set({ port: Number(port) || 22, hostKey: '' })} />
        <TextField label="User" path="tunnel.user" required value={tunnel.user} onChange={(user) => set({ user: user.trim() })} />
      </div>
      <div className="row">
        <TextField label="HTTP proxy (optional)" path="tunnel.proxy" value={tunnel.proxy ?? ''} placeholder="http://user@proxy.office.lan:3128"
          hint="Only if this computer reaches the internet through the office's proxy."
          onChange={(proxy) => set({ proxy: proxy.trim() || undefined, ...(proxy.trim() ? {} : { proxyPassword: undefined }) })} />
        {tunnel.proxy ? (
          <TextField label="Proxy password" path="tunnel.proxyPassword" type="password" value={secrets['proxy-password'] ?? ''}
            hint={`${storedHint(Boolean(tunnel.proxyPassword))} Only if the proxy asks for one (the user goes in the proxy URL).`}
            onChange={(value) => setSecrets({ ...secrets, 'proxy-password': value })} />
        ) : null}
      </div>
      <HostKeyConfirm tunnel={tunnel} setTunnel={setTunnel} typedProxyPassword={secrets['proxy-password']} />
      <TextField label="Private key (OpenSSH)" path="tunnel.privateKey" multiline required={!tunnel.privateKey && !tunnel.password && !secrets['ssh-password']} value={secrets['ssh-private-key'] ?? ''}
        placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" hint={storedHint(Boolean(tunnel.privateKey))}
        onChange={(value) => setSecrets({ ...secrets, 'ssh-private-key': value })} />
      <TextField label="SSH password" path="tunnel.password" type="password" value={secrets['ssh-password'] ?? ''}
        hint={`${storedHint(Boolean(tunnel.password))} Instead of a key, where the server allows passwords (a key is safer).`}
        onChange={(value) => setSecrets({ ...secrets, 'ssh-password': value })} />
      <div className="row">
        <TextField label="Remote port" path="tunnel.remotePort" className="narrow" required value={String(tunnel.remotePort ?? '')} hint="The server's port that forwards here."
          onChange={(port) => set({ remotePort: Number(port) || undefined })} />
        <TextField label="Public URL" path="tunnel.publicUrl" className="wide" required value={tunnel.publicUrl} placeholder="https://bridge.example.com"
          hint="The https URL the server's reverse proxy serves for that port." onChange={(publicUrl) => set({ publicUrl: publicUrl.trim() })} />
      </div>
      {isPlainLoopbackUrl(tunnel.publicUrl) || tunnel.insecureForTesting ? (
        // The bridge refuses plain http anywhere but this computer's loopback, and there only with this allowance.
        <CheckboxField label="A test on this computer: allow a plain http:// public URL on loopback" path="tunnel.insecureForTesting" checked={tunnel.insecureForTesting === true}
          onChange={(insecureForTesting) => set({ insecureForTesting: insecureForTesting || undefined })} />
      ) : null}
    </div>
  );
}

/** Fetch and confirm: the server's host key is shown; only a confirmed fingerprint is pinned. */
function HostKeyConfirm({ tunnel, setTunnel, typedProxyPassword }: { tunnel: SshTunnel; setTunnel(tunnel: Tunnel): void; typedProxyPassword?: string }) {
  const [seen, setSeen] = useState<{ fingerprint: string; algorithm: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fetchKey = async () => {
    setBusy(true);
    try {
      // A proxy that asks for a password would answer 407: send the one typed here, else have the bridge use the stored one.
      const proxyPassword = typedProxyPassword?.trim() ? { value: typedProxyPassword.trim() } : tunnel.proxyPassword ? { stored: true } : undefined;
      setSeen(await api('POST', '/tunnel/ssh/host-key', {
        host: tunnel.host, port: tunnel.port ?? 22, ...(tunnel.proxy ? { proxy: tunnel.proxy, ...(proxyPassword ? { proxyPassword } : {}) } : {}),
      }));
      setError(undefined);
    } catch (failure) { setError(messageOf(failure)); setSeen(undefined); } finally { setBusy(false); }
  };
  // A save refused for want of a pinned key says so here, beside the button that pins one.
  const pin = useFieldState('tunnel.hostKey', undefined);
  return (
    <div className="host-key" data-testid="host-key">
      <div className="actions-row">
        <span>Host key: {tunnel.hostKey ? <code data-testid="pinned-host-key">{tunnel.hostKey}</code> : <span className="muted">not pinned yet</span>}</span>
        {/* The button is what fixes a missing key: it carries the problem, and gets the focus when a save is refused for it. */}
        <button type="button" className="secondary" disabled={!tunnel.host || busy} aria-invalid={pin.invalid}
          aria-describedby={pin.describedBy} onClick={() => { void fetchKey(); }}>{busy ? 'Fetching…' : 'Fetch host key'}</button>
      </div>
      {seen && seen.fingerprint !== tunnel.hostKey ? (
        <Notice kind="warn">
          The server {tunnel.host} presents the {seen.algorithm} key <code data-testid="seen-host-key">{seen.fingerprint}</code>. Compare it with the
          fingerprint the server's administrator gives you (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) before trusting it.{' '}
          <button type="button" onClick={() => { setTunnel({ ...tunnel, hostKey: seen.fingerprint }); setSeen(undefined); }}>It matches: pin this key</button>
        </Notice>
      ) : null}
      <FieldError id={pin.errorId} message={pin.error} />
      <ErrorBox message={error} />
    </div>
  );
}

export function LocaltunnelSettings({ tunnel, setTunnel }: Props<LocaltunnelTunnel>) {
  return (
    <div className="settings" data-testid="localtunnel-warning">
      <Notice kind="warn">
        localtunnel is a public relay run by others, for trying Deskbridge out. Between this computer and the relay, every call
        (the Talkdesk API key and your customers' data) crosses the internet <strong>unencrypted</strong>. For real data choose ngrok or SSH.
      </Notice>
      <Notice kind="warn">
        Its client also keeps only 10 connections to the relay, and every call in progress holds one. Deskbridge cuts a caller
        that is slow to send its request after 3 seconds, so a few slow callers only delay Talkdesk by seconds; but anyone who
        learns the URL can keep all 10 busy with a few dozen slow requests, and Talkdesk's calls then time out. Its relay passes
        on whatever address a caller claims, so an IP allow-list cannot be used with it.
      </Notice>
      <div className="row">
        <TextField label="Subdomain (optional)" path="tunnel.subdomain" value={tunnel.subdomain ?? ''} onChange={(subdomain) => setTunnel({ ...tunnel, subdomain: subdomain || undefined })} />
        <TextField label="Relay" path="tunnel.host" value={tunnel.host ?? ''} placeholder="https://localtunnel.me" hint="Or the office's own localtunnel server."
          onChange={(host) => setTunnel({ ...tunnel, host: host.trim() || undefined })} />
      </div>
      <CheckboxField label="I understand the calls are unencrypted to the relay (needed for an integration other than the demo)"
        path="tunnel.acknowledgeUnencrypted" checked={tunnel.acknowledgeUnencrypted === true} onChange={(checked) => setTunnel({ ...tunnel, acknowledgeUnencrypted: checked || undefined })} />
    </div>
  );
}
