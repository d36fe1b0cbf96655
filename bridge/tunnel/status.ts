// The tunnel status model: current state, probe results and a bounded history of transitions.
import type { TunnelState, TunnelStatus, TunnelTransition } from './types.js';

export const HISTORY_LIMIT = 50;

/** Keeps the status, records transitions and tells listeners about every change. */
export interface StatusTracker {
  snapshot(): TunnelStatus;
  /** Moves to `state`; a transition is recorded when the state, URL or detail changes. */
  transition(state: TunnelState, fields?: { url?: string; requestedUrl?: string; detail?: string; urlChanged?: boolean }): void;
  recordProbe(ok: boolean, detail?: string): void;
  setError(message: string | undefined): void;
}

export function createStatusTracker(options: {
  provider: TunnelStatus['provider'];
  requestedUrl?: string;
  limit?: number;
  onStatus?: (status: TunnelStatus, transition?: TunnelTransition) => void;
}): StatusTracker {
  const limit = options.limit ?? HISTORY_LIMIT;
  const status: TunnelStatus = { state: 'stopped', provider: options.provider, requestedUrl: options.requestedUrl, history: [] };
  const copy = (): TunnelStatus => ({ ...status, history: status.history.map((entry) => ({ ...entry })) });
  const notify = (transition?: TunnelTransition) => options.onStatus?.(copy(), transition);

  return {
    snapshot: copy,
    transition(state, fields = {}) {
      const url = state === 'offline' || state === 'stopped' || state === 'connecting' ? undefined : fields.url ?? status.url;
      const last = status.history.at(-1);
      const changed = !last || last.state !== state || last.url !== url || last.detail !== fields.detail;
      status.state = state;
      status.url = url;
      if (fields.urlChanged !== undefined) status.urlChanged = fields.urlChanged;
      if (fields.requestedUrl !== undefined) status.requestedUrl = fields.requestedUrl;
      if (!changed) return;
      const transition: TunnelTransition = { at: new Date().toISOString(), state, ...(url ? { url } : {}), ...(fields.detail ? { detail: fields.detail } : {}) };
      status.history.push(transition);
      if (status.history.length > limit) status.history.splice(0, status.history.length - limit);
      notify(transition);
    },
    recordProbe(ok, detail) {
      const at = new Date().toISOString();
      status.lastProbeAt = at;
      status.lastProbeOk = ok;
      if (ok) status.lastProbeOkAt = at;
      if (!ok && detail) status.lastError = detail;
      notify();
    },
    setError(message) {
      status.lastError = message;
    },
  };
}
