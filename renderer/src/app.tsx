// The app shell: token handling, the saved profile, and navigation between the dashboard and the wizard without losing edits.
import { useCallback, useEffect, useRef, useState } from 'react';
import { adoptToken, api, ApiError, messageOf, setToken } from './api/client.js';
import type { Environment, Profile } from './api/types.js';
import { ErrorBox } from './components/feedback.js';
import { Dashboard } from './dashboard/dashboard.js';
import { GoLivePage } from './golive/go-live-page.js';
import { Wizard } from './wizard/wizard.js';

type View = { name: 'dashboard' } | { name: 'wizard'; id?: string; instance: number } | { name: 'go-live' };

function useBootstrap() {
  const [state, setState] = useState<{ profile?: Profile; environment?: Environment; error?: string }>({});
  useEffect(() => {
    setToken(adoptToken());
    Promise.all([api<Profile>('GET', '/profile'), api<Environment>('GET', '/environment')]).then(
      ([profile, environment]) => setState({ profile, environment }),
      (error: unknown) => setState({
        error: error instanceof ApiError && error.status === 401
          ? 'This page needs the link Deskbridge printed at start (it ends with ?token=…). Open that link again.'
          : messageOf(error),
      }),
    );
  }, []);
  return [state, (profile: Profile) => setState((current) => ({ ...current, profile }))] as const;
}

export function App() {
  const [{ profile, environment, error }, setProfile] = useBootstrap();
  const [view, setView] = useState<View>({ name: 'dashboard' });
  const dirty = useRef(false);
  const onDirtyChange = useCallback((value: boolean) => { dirty.current = value; }, []);
  const navigate = (next: View) => {
    if (dirty.current && !window.confirm('You have unsaved changes. Leave them and go on?')) return;
    dirty.current = false;
    setView(next);
  };

  const started = useRef(false);
  useEffect(() => {
    // A profile without any integration starts in the wizard; later saves do not move the user.
    if (!profile || started.current) return;
    started.current = true;
    if (profile.integrations.length === 0) setView({ name: 'wizard', instance: Date.now() });
  }, [profile]);

  return (
    <>
      <header className="topbar">
        <span className="brand">Deskbridge</span>
        <nav aria-label="Main">
          <button type="button" className={view.name === 'dashboard' ? 'current' : ''} onClick={() => navigate({ name: 'dashboard' })}>Dashboard</button>
          <button type="button" className={view.name === 'wizard' && !view.id ? 'current' : ''} onClick={() => navigate({ name: 'wizard', instance: Date.now() })}>New integration</button>
          <button type="button" className={view.name === 'go-live' ? 'current' : ''} onClick={() => navigate({ name: 'go-live' })}>Go live</button>
        </nav>
      </header>
      <main id="main">
        {error ? <ErrorBox message={error} /> : null}
        {!error && (!profile || !environment) ? <p className="muted">Loading…</p> : null}
        {profile && environment && view.name === 'dashboard' ? (
          <Dashboard onEdit={(id) => navigate({ name: 'wizard', id, instance: Date.now() })} onCreate={() => navigate({ name: 'wizard', instance: Date.now() })} />
        ) : null}
        {profile && environment && view.name === 'wizard' ? (
          <Wizard key={view.instance} saved={profile} editingId={view.id} environment={environment} onSaved={setProfile} onDirtyChange={onDirtyChange}
            onOpenGoLive={() => navigate({ name: 'go-live' })}
            onDeleted={(left) => { setProfile(left); dirty.current = false; setView({ name: 'dashboard' }); }} />
        ) : null}
        {profile && environment && view.name === 'go-live' ? <GoLivePage saved={profile} onSaved={setProfile} onDirtyChange={onDirtyChange} /> : null}
      </main>
    </>
  );
}
