// The Go live page: the one tunnel of the bridge, chosen, set up and saved here; its state; start and stop.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, messageOf, type FieldProblem } from '../api/client.js';
import type { Profile, SecretRef, Tunnel } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { ErrorBox } from '../components/feedback.js';
import { FieldErrorsProvider, useFocusOnProblems, useUnplacedErrors, type FieldErrors } from '../components/field-errors.js';
import { problemsByField } from '../wizard/draft.js';
import { blankTunnel, ProviderChoice } from './provider-choice.js';
import { LocaltunnelSettings, NgrokSettings, SshSettings, type TypedSecrets } from './provider-settings.js';
import { TunnelStateLine, useTunnelStatus } from './tunnel-state.js';

/** The tunnel with a reference for each secret typed on the page, made by `refFor` (the typed text, trimmed, is its value). */
async function withSecrets(tunnel: Tunnel, secrets: TypedSecrets, refFor: (kind: keyof TypedSecrets, value: string) => Promise<SecretRef>): Promise<Tunnel> {
  const ref = async (kind: keyof TypedSecrets): Promise<SecretRef | undefined> => {
    const value = secrets[kind]?.trim();
    return value ? refFor(kind, value) : undefined;
  };
  if (tunnel.provider === 'ngrok') return { ...tunnel, authtoken: (await ref('ngrok-authtoken')) ?? tunnel.authtoken };
  if (tunnel.provider === 'ssh') {
    return {
      ...tunnel,
      privateKey: (await ref('ssh-private-key')) ?? tunnel.privateKey,
      password: (await ref('ssh-password')) ?? tunnel.password,
      proxyPassword: tunnel.proxy ? (await ref('proxy-password')) ?? tunnel.proxyPassword : undefined,
    };
  }
  return tunnel;
}

/** Stores each typed secret, for a save. */
const storeSecret = async (kind: keyof TypedSecrets, value: string): Promise<SecretRef> =>
  (await api<{ ref: SecretRef }>('PUT', `/tunnel/secrets/${kind}`, { value })).ref;

/** For a check without saving: a typed secret counts as given, and nothing is stored. */
const typedSecret = async (): Promise<SecretRef> => ({ secret: 'typed-on-this-page' });

/** Once the user pauses, after this long. */
const RECHECK_DELAY_MS = 400;

/**
 * After a refused save, the tunnel as edited is checked again (without saving) once the user pauses, as the wizard's
 * steps are: a fixed field loses its problem, and a field made wrong gets one.
 */
function useRecheck(active: boolean, saved: Profile, tunnel: Tunnel, secrets: TypedSecrets, show: (problems: FieldErrors) => void): void {
  useEffect(() => {
    if (!active) return;
    let current = true;
    const timer = setTimeout(() => {
      void withSecrets(tunnel, secrets, typedSecret)
        .then((checked) => api<{ ok: boolean; fields?: FieldProblem[] }>('POST', '/profile/validate', { ...saved, tunnel: checked }))
        .then((answer) => {
          // A problem no field names (rare) leaves the save's own message as it was, until the next save.
          if (current && (answer.ok || (answer.fields?.length ?? 0) > 0)) show(problemsByField(answer.fields ?? [], -1));
        }, () => {});
    }, RECHECK_DELAY_MS);
    return () => { current = false; clearTimeout(timer); };
  }, [active, saved, tunnel, secrets, show]);
}

function Settings({ tunnel, setTunnel, secrets, setSecrets }: { tunnel: Tunnel; setTunnel(tunnel: Tunnel): void; secrets: TypedSecrets; setSecrets(secrets: TypedSecrets): void }) {
  const shared = { setTunnel, secrets, setSecrets };
  switch (tunnel.provider) {
    case 'ngrok': return <NgrokSettings tunnel={tunnel} {...shared} />;
    case 'ssh': return <SshSettings tunnel={tunnel} {...shared} />;
    case 'localtunnel': return <LocaltunnelSettings tunnel={tunnel} {...shared} />;
    case 'external': return (
      <div className="settings row">
        <TextField label="Public URL" path="tunnel.url" className="wide" required value={tunnel.url} placeholder="https://bridge.example.com"
          hint="https:// only: Talkdesk sends the API key and your customers' data in every call." onChange={(url) => setTunnel({ provider: 'external', url: url.trim() })} />
      </div>
    );
    default: return null;
  }
}

/**
 * What a start, a stop or a refused save said. A refused save's problems (`problems` of them) are on their fields; the
 * ones no field on the page shows are listed here, and when no field shows any, the bridge's own summary leads.
 */
function SaveProblems({ message, problems }: { message?: string; problems: number }) {
  const unplaced = useUnplacedErrors().map(([, problem]) => problem);
  if (unplaced.length === problems) {
    const box = <ErrorBox message={message} problems={unplaced.length > 1 ? unplaced : []} />;
    return problems > 0 ? <div tabIndex={-1} className="unplaced-problems">{box}</div> : box;
  }
  const summary = unplaced.length > 0 ? 'Not saved: fix what is marked on the fields, and this:' : 'Not saved: fix what is marked on the fields first.';
  return <ErrorBox message={summary} problems={unplaced} />;
}

export function GoLivePage({ saved, onSaved, onDirtyChange }: { saved: Profile; onSaved(profile: Profile): void; onDirtyChange(dirty: boolean): void }) {
  const [tunnel, setTunnel] = useState<Tunnel>(saved.tunnel);
  const [secrets, setSecrets] = useState<TypedSecrets>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  /** A refused save's problems, each shown on its field (paths such as "tunnel.publicUrl"). */
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  /** How many saves were refused for problems on fields: each time, the first one gets the focus. */
  const [refusals, setRefusals] = useState(0);
  /** Whether the fields' problems are checked again as the user edits: from a refused save until the next save. */
  const [rechecking, setRechecking] = useState(false);
  const showRecheck = useCallback((problems: FieldErrors) => {
    setFieldErrors(problems);
    if (Object.keys(problems).length === 0) setError(undefined);
  }, []);
  useRecheck(rechecking, saved, tunnel, secrets, showRecheck);
  const settings = useRef<HTMLDivElement>(null);
  useFocusOnProblems(refusals, settings);
  const { status, error: statusError, reload, setStatus } = useTunnelStatus();
  const dirty = JSON.stringify(tunnel) !== JSON.stringify(saved.tunnel) || Object.values(secrets).some(Boolean);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const save = async () => {
    setSaving(true);
    try {
      // The latest profile, so integrations saved elsewhere meanwhile are kept; only the tunnel changes here.
      const current = await api<Profile>('GET', '/profile');
      const profile = await api<Profile>('PUT', '/profile', { ...current, tunnel: await withSecrets(tunnel, secrets, storeSecret) });
      setTunnel(profile.tunnel);
      setSecrets({});
      setError(undefined);
      setFieldErrors({});
      setRechecking(false);
      onSaved(profile);
      reload();
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.fields : [];
      // No integration's index (-1): every problem keeps its whole path ("tunnel.publicUrl").
      setFieldErrors(problemsByField(fields, -1));
      setError(`Not saved: ${messageOf(failure)}`);
      if (fields.length > 0) setRefusals((count) => count + 1);
      setRechecking(fields.length > 0);
    } finally { setSaving(false); }
  };
  const control = async (verb: 'start' | 'stop') => {
    try { setStatus(await api('POST', `/tunnel/${verb}`)); } catch (failure) { setError(messageOf(failure)); }
  };
  const running = status !== undefined && status.state !== 'not_configured';
  return (
    <section className="go-live" aria-labelledby="go-live-title">
      <h1 id="go-live-title">Go live</h1>
      <p className="lead">Talkdesk calls this computer over the internet through one public https URL, shared by every integration. Choose how it is published.</p>
      <div className="state-bar">
        <TunnelStateLine status={status} />
        <button type="button" className="secondary" disabled={!running} onClick={() => { void control('start'); }}>Start tunnel</button>
        <button type="button" className="secondary" disabled={!running} onClick={() => { void control('stop'); }}>Stop tunnel</button>
      </div>
      <ErrorBox message={statusError} />
      <FieldErrorsProvider errors={fieldErrors}>
        <div ref={settings}>
          <ProviderChoice value={tunnel.provider} onChange={(provider) => { setTunnel(provider === saved.tunnel.provider ? saved.tunnel : blankTunnel(provider)); setSecrets({}); setFieldErrors({}); setRechecking(false); }}>
            <Settings tunnel={tunnel} setTunnel={setTunnel} secrets={secrets} setSecrets={setSecrets} />
          </ProviderChoice>
          <SaveProblems message={error} problems={Object.keys(fieldErrors).length} />
        </div>
      </FieldErrorsProvider>
      <footer className="save-bar">
        <span className="save-state" aria-live="polite">{saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'All changes saved'}</span>
        <button type="button" disabled={!dirty || saving} onClick={() => { void save(); }}>Save and connect</button>
      </footer>
    </section>
  );
}
