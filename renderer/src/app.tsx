// The app shell: token handling, the saved profile, and navigation (hash routes) between the dashboard and the wizard without losing edits.
import { useCallback, useEffect, useRef, useState } from 'react';
import { adoptToken, api, ApiError, messageOf, setToken } from './api/client.js';
import type { Environment, Profile } from './api/types.js';
import { ErrorBox } from './components/feedback.js';
import { Dashboard } from './dashboard/dashboard.js';
import { GoLivePage } from './golive/go-live-page.js';
import { useRoute, type Route } from './routes.js';
import { forgetDrafts } from './wizard/draft.js';
import { Wizard } from './wizard/wizard.js';

/** Which wizard a route opens: leaving it for another page or integration drops its unsaved edits. */
function wizardOf(route: Route | undefined): string | undefined {
  return route?.page === 'wizard' ? route.id ?? '(new)' : undefined;
}

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

/** The route, and navigation that asks before dropping unsaved edits (also when the browser's Back leaves the wizard). */
function useNavigation() {
  const [route, go] = useRoute();
  const [instance, setInstance] = useState(0);
  const dirty = useRef(false);
  const onDirtyChange = useCallback((value: boolean) => { dirty.current = value; }, []);
  const leave = () => {
    if (dirty.current && !window.confirm('You have unsaved changes. Leave them and go on?')) return false;
    dirty.current = false;
    forgetDrafts();
    return true;
  };
  const navigate = (next: Route) => {
    if (wizardOf(next) !== wizardOf(route) || next.page === 'wizard') {
      if (!leave()) return;
      setInstance((count) => count + 1);
    }
    go(next);
  };
  const shown = useRef(route);
  useEffect(() => {
    const before = shown.current;
    shown.current = route;
    // The browser's Back or Forward left the wizard with edits: ask, and stay when the user says no.
    if (before && wizardOf(before) !== undefined && wizardOf(before) !== wizardOf(route) && !leave()) {
      shown.current = before;
      go(before, { replace: true });
    }
    // Only a change of route asks (leave() reads refs).
  }, [route]);
  return { route, go, navigate, instance, onDirtyChange, dirty };
}

export function App() {
  const [{ profile, environment, error }, setProfile] = useBootstrap();
  const { route, go, navigate, instance, onDirtyChange, dirty } = useNavigation();

  useEffect(() => {
    // An address without a route: a profile without any integration starts in the wizard, any other on the dashboard.
    if (!profile || route) return;
    go(profile.integrations.length === 0 ? { page: 'wizard', step: 0 } : { page: 'dashboard' }, { replace: true });
  }, [profile, route, go]);
  const view = route ?? { page: 'dashboard' as const };

  return (
    <>
      <header className="topbar">
        <span className="brand">Deskbridge</span>
        <nav aria-label="Main">
          <button type="button" className={view.page === 'dashboard' ? 'current' : ''} onClick={() => navigate({ page: 'dashboard' })}>Dashboard</button>
          <button type="button" className={view.page === 'wizard' && !view.id ? 'current' : ''} onClick={() => navigate({ page: 'wizard', step: 0 })}>New integration</button>
          <button type="button" className={view.page === 'go-live' ? 'current' : ''} onClick={() => navigate({ page: 'go-live' })}>Go live</button>
        </nav>
      </header>
      <main id="main">
        {error ? <ErrorBox message={error} /> : null}
        {!error && (!profile || !environment) ? <p className="muted">Loading…</p> : null}
        {profile && environment && view.page === 'dashboard' ? (
          <Dashboard onEdit={(id) => navigate({ page: 'wizard', id, step: 0 })} onCreate={() => navigate({ page: 'wizard', step: 0 })} />
        ) : null}
        {profile && environment && view.page === 'wizard' ? (
          <Wizard key={instance} saved={profile} editingId={view.id} environment={environment} onSaved={setProfile} onDirtyChange={onDirtyChange}
            step={view.step} onStep={(step, id) => go({ page: 'wizard', step, ...(id ? { id } : {}) }, { replace: id !== view.id })}
            onOpenGoLive={() => navigate({ page: 'go-live' })}
            onDeleted={(left) => { setProfile(left); dirty.current = false; go({ page: 'dashboard' }); }} />
        ) : null}
        {profile && environment && view.page === 'go-live' ? <GoLivePage saved={profile} onSaved={setProfile} onDirtyChange={onDirtyChange} /> : null}
      </main>
    </>
  );
}
