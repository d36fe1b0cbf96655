// Step 5: who may call the bridge: the API key Talkdesk presents (shown once, with copy), and an optional IP allow-list.
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { ApiKeyInfo, Tunnel } from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';
import { CopyButton, Empty, ErrorBox, Notice } from '../components/feedback.js';
import type { Editor } from './use-editor.js';
import type { StepProps } from './wizard.js';

/**
 * Creates a key for the integration; a new integration is saved first (a key belongs to a saved integration), and
 * the admin is told so before and after.
 */
function NewKey({ editor, onCreated }: { editor: Editor; onCreated(integration: string): void }) {
  const [label, setLabel] = useState('Talkdesk');
  const [key, setKey] = useState<string>();
  const [savedFirst, setSavedFirst] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const unsaved = editor.originalId === undefined;
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // The key belongs to the saved integration: a new one is saved first; a refused save shows its problems on the fields.
      if (unsaved && !(await editor.save())) return;
      setSavedFirst(unsaved);
      const integration = editor.originalId ?? editor.draft.id;
      const answer = await api<{ key: string }>('POST', `/integrations/${encodeURIComponent(integration)}/keys`, { label });
      setKey(answer.key);
      onCreated(integration);
    } catch (failure) {
      setError(`No key was made: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <form className="row align-end" onSubmit={(event) => { event.preventDefault(); void create(); }}>
        <TextField label="Label for the new key" value={label} onChange={setLabel} />
        <button type="submit" disabled={busy}>{busy ? 'Creating…' : unsaved ? 'Save and create API key' : 'Create API key'}</button>
      </form>
      {unsaved ? <p className="hint">This integration is not saved yet: creating a key saves it first (a key belongs to a saved integration).</p> : null}
      {savedFirst && key ? <Notice kind="ok">The integration was saved so that its key could be made.</Notice> : null}
      <ErrorBox message={error} />
      {key ? (
        <div className="key-once" role="status">
          <Notice kind="warn">Copy this key now and paste it in Talkdesk: it is shown only once.</Notice>
          <div className="row align-end">
            <TextField label="New API key" value={key} readOnly onChange={() => {}} className="wide" />
            <CopyButton text={key} label="Copy key" />
          </div>
        </div>
      ) : null}
    </section>
  );
}

function KeyList({ keys, onRevoke }: { keys: ApiKeyInfo[]; onRevoke(id: string): void }) {
  if (keys.length === 0) return <Empty>No keys yet: Talkdesk cannot call this integration until you create one.</Empty>;
  return (
    <table className="data">
      <thead><tr><th scope="col">Key</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
      <tbody>{keys.map((key) => (
        <tr key={key.id}>
          <td><code>{key.prefix}…</code></td><td>{key.label ?? ''}</td><td>{new Date(key.createdAt).toLocaleString()}</td>
          <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'never'}</td>
          <td>{key.revokedAt ? 'revoked' : 'active'}</td>
          <td>{key.revokedAt ? null : <button type="button" className="link danger" onClick={() => onRevoke(key.id)}>Revoke</button>}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/**
 * Why an IP allow-list cannot work with this tunnel, or undefined when it can. The bridge refuses to save such a profile
 * with the same reasons (bridge/tunnel/client-address.ts); this says so before the admin types a list.
 */
function allowListBlocked(tunnel: Tunnel): string | undefined {
  const proxies = 'trustedProxies' in tunnel && Array.isArray(tunnel.trustedProxies) ? tunnel.trustedProxies : [];
  if (tunnel.provider === 'none' || tunnel.provider === 'ngrok' || proxies.length > 0) return undefined;
  if (tunnel.provider === 'localtunnel') {
    return 'An IP allow-list cannot be used with localtunnel: its relay passes on whatever address a caller claims, so the real address is unknown.';
  }
  if (tunnel.provider === 'ssh') {
    return 'An IP allow-list cannot be used with an SSH tunnel alone: every call arrives from this computer (127.0.0.1). It needs a proxy on the server that adds the caller\'s address, listed in the profile\'s tunnel.trustedProxies.';
  }
  return 'An IP allow-list cannot be used behind your reverse proxy until its address is listed in the profile\'s tunnel.trustedProxies (the proxy must add the caller\'s address as X-Forwarded-For): every call arrives from the proxy.';
}

export function SecurityStep({ editor }: StepProps) {
  const { draft, update } = editor;
  const blocked = allowListBlocked(editor.saved.tunnel);
  const [keys, setKeys] = useState<ApiKeyInfo[]>([]);
  const [error, setError] = useState<string>();
  const saved = editor.originalId;
  const load = useCallback(async (id = saved) => {
    if (!id) return;
    try { setKeys((await api<{ keys: ApiKeyInfo[] }>('GET', `/integrations/${encodeURIComponent(id)}/keys`)).keys); } catch (failure) { setError(messageOf(failure)); }
  }, [saved]);
  useEffect(() => { void load(); }, [load]);
  const revoke = async (id: string) => {
    if (!window.confirm('Revoke this key? Talkdesk calls that use it will be refused at once.')) return;
    try { await api('DELETE', `/keys/${id}`); await load(); } catch (failure) { setError(messageOf(failure)); }
  };
  return (
    <div className="step">
      <p className="lead">Talkdesk proves itself with an API key on every call. Keys are stored as hashes: a new key is shown once.</p>
      <SelectField label="Authentication" value={draft.auth.type} options={[{ value: 'api_key', label: 'API key (recommended)' }, { value: 'none', label: 'None: anyone with the URL can read contacts' }]}
        onChange={(type) => update((current) => ({ ...current, auth: { type: type as 'api_key' | 'none' } }))} />
      {draft.auth.type === 'none' ? <Notice kind="warn">Without a key, anyone who finds the public URL can read your contacts.</Notice> : null}
      {draft.auth.type === 'api_key' ? (
        <>
          <NewKey editor={editor} onCreated={(id) => { void load(id); }} />
          <h3>Keys</h3>
          {saved ? <KeyList keys={keys} onRevoke={(id) => { void revoke(id); }} /> : <Empty>No keys yet: the integration is not saved.</Empty>}
        </>
      ) : null}
      <ErrorBox message={error} />
      <TextField label="Allowed source addresses (optional)" multiline path="allowIps" value={(draft.allowIps ?? []).join('\n')}
        readOnly={blocked !== undefined && (draft.allowIps ?? []).every((line) => line === '')}
        onChange={(text) => update((current) => ({ ...current, allowIps: text.split('\n').map((line) => line.trim()) }))}
        hint={blocked ? 'Not available with this tunnel (see below).' : 'One address or CIDR range per line. Empty allows every address (the API key still applies).'} />
      {blocked ? <Notice kind="warn">{blocked}{(draft.allowIps ?? []).some((line) => line !== '') ? ' Empty this list to save.' : ''}</Notice> : null}
    </div>
  );
}
