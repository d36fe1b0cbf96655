// One admin API resource read now, again every few seconds, and at once whenever `reloadKey` changes.
import { useEffect, useState } from 'react';
import { api, messageOf } from './client.js';

/** The last answer of GET `path` (or why it failed), refreshed every `intervalMs` and when `reloadKey` changes. */
export function usePolled<T>(path: string, intervalMs: number, reloadKey: unknown): { value?: T; error?: string; setValue(value: T): void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    const load = () => api<T>('GET', path).then(
      (answer) => { if (current) { setValue(answer); setError(undefined); } },
      (failure: unknown) => { if (current) setError(messageOf(failure)); },
    );
    void load();
    const timer = setInterval(() => { void load(); }, intervalMs);
    return () => { current = false; clearInterval(timer); };
  }, [path, intervalMs, reloadKey]);
  return { value, error, setValue };
}
