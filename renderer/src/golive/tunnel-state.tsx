// The tunnel's state, read from one place (GET /api/tunnel, polled) and shown the same way on every page.
import { useCallback, useState } from 'react';
import type { TunnelStatus } from '../api/types.js';
import { usePolled } from '../api/use-polled.js';

const POLL_MS = 3000;

/** The tunnel status, refreshed every few seconds and at once after `reload()`. */
export function useTunnelStatus(): { status?: TunnelStatus; error?: string; reload(): void; setStatus(status: TunnelStatus): void } {
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  const { value: status, error, setValue: setStatus } = usePolled<TunnelStatus>('/tunnel', POLL_MS, tick);
  return { status, error, reload, setStatus };
}

/** The words the dashboard card uses too: "online", "offline", "not configured"… */
export function stateWords(state: string | undefined): string {
  return state ? state.replace('_', ' ') : '…';
}

export function TunnelStateLine({ status }: { status?: TunnelStatus }) {
  const lastError = typeof status?.lastError === 'string' && status.state !== 'online' ? status.lastError : undefined;
  return (
    <p className="tunnel-state">
      Tunnel: <strong data-testid="tunnel-state" className={`state-${status?.state ?? 'unknown'}`}>{stateWords(status?.state)}</strong>
      {status?.provider && status.provider !== 'none' ? <span className="muted"> ({status.provider})</span> : null}
      {status?.url ? <> at <code data-testid="tunnel-url">{status.url}</code></> : null}
      {lastError ? <span className="tunnel-error" data-testid="tunnel-error"> {lastError}</span> : null}
    </p>
  );
}
