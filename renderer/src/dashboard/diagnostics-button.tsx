// "Create diagnostics bundle": asks the bridge for one, downloads it, and says where it was also saved and which checks failed.
import { useState } from 'react';
import { api, download, messageOf } from '../api/client.js';
import { ErrorBox, Notice } from '../components/feedback.js';

interface Bundle { file: string; name: string; bytes: number; checks: Array<{ check: string; target?: string; ok: boolean; skipped?: boolean; detail: string }> }

export function DiagnosticsButton() {
  const [busy, setBusy] = useState(false);
  const [bundle, setBundle] = useState<Bundle>();
  const [error, setError] = useState<string>();
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const made = await api<Bundle>('POST', '/diagnostics');
      const blob = await download(`/diagnostics/${encodeURIComponent(made.name)}`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = made.name;
      link.click();
      URL.revokeObjectURL(link.href);
      setBundle(made);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const failed = bundle?.checks.filter((check) => !check.ok && !check.skipped) ?? [];
  return (
    <section aria-labelledby="diagnostics-title" data-testid="diagnostics">
      <h2 id="diagnostics-title">Diagnostics</h2>
      <button type="button" className="secondary" disabled={busy} onClick={() => { void create(); }}>
        {busy ? 'Running checks…' : 'Create diagnostics bundle'}
      </button>
      <ErrorBox message={error} />
      {bundle ? (
        <Notice kind={failed.length ? 'warn' : 'ok'}>
          <p>Bundle saved as {bundle.file} (credentials removed). {failed.length ? `${failed.length} check(s) failed:` : 'Every check passed.'}</p>
          {failed.length ? <ul>{failed.map((check) => <li key={`${check.check}-${check.target ?? ''}`}>{check.check}{check.target ? ` (${check.target})` : ''}: {check.detail}</li>)}</ul> : null}
        </Notice>
      ) : null}
    </section>
  );
}
