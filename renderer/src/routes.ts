// Pages and wizard steps as hash routes (#/wizard/contacts), so that the browser's Back and a reload keep the user where they were.
import { useCallback, useEffect, useState } from 'react';
import { STEP_SLUGS } from './wizard/steps.js';

export type Route = { page: 'dashboard' } | { page: 'go-live' } | { page: 'wizard'; id?: string; step: number };

/** The route an address names, or undefined for an address that names none (the app then picks its start page). */
export function parseRoute(hash: string): Route | undefined {
  const parts = hash.replace(/^#\/?/, '').split('/').map((part) => decodeURIComponent(part));
  const stepOf = (slug: string | undefined) => Math.max(0, STEP_SLUGS.indexOf((slug ?? '') as typeof STEP_SLUGS[number]));
  if (parts[0] === 'dashboard') return { page: 'dashboard' };
  if (parts[0] === 'go-live') return { page: 'go-live' };
  if (parts[0] === 'wizard') return { page: 'wizard', step: stepOf(parts[1]) };
  if (parts[0] === 'integrations' && parts[1]) return { page: 'wizard', id: parts[1], step: stepOf(parts[2]) };
  return undefined;
}

/** "#/wizard/contacts" for a new integration's step, "#/integrations/acme/contacts" for a saved one's. */
export function routeHash(route: Route): string {
  if (route.page !== 'wizard') return `#/${route.page}`;
  const step = STEP_SLUGS[route.step] ?? STEP_SLUGS[0];
  return route.id === undefined ? `#/wizard/${step}` : `#/integrations/${encodeURIComponent(route.id)}/${step}`;
}

/** The route in the address bar; `go` adds a history entry (or replaces the current one). */
export function useRoute(): [Route | undefined, (route: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const go = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = routeHash(next);
    if (hash !== window.location.hash) {
      if (options.replace) window.history.replaceState(window.history.state, '', hash);
      else window.history.pushState(window.history.state, '', hash);
    }
    setRoute(next);
  }, []);
  return [route, go];
}
