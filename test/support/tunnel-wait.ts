// Waiting helpers for tunnel tests: status signals from the supervisor and bounded polling of outside processes.
import type { TunnelStatus, TunnelTransition } from '../../bridge/tunnel/index.js';

/** Collects supervisor statuses; `until` resolves on the first (current or future) status that matches. */
export function watchStatus() {
  let latest: TunnelStatus | undefined;
  const transitions: TunnelTransition[] = [];
  const waiters = new Set<{ match: (status: TunnelStatus) => boolean; resolve: (status: TunnelStatus) => void }>();
  return {
    transitions,
    latest: () => latest,
    onStatus(status: TunnelStatus, transition?: TunnelTransition) {
      latest = status;
      if (transition) transitions.push(transition);
      for (const waiter of waiters) {
        if (waiter.match(status)) {
          waiters.delete(waiter);
          waiter.resolve(status);
        }
      }
    },
    until(match: (status: TunnelStatus) => boolean, timeoutMs: number, what: string): Promise<TunnelStatus> {
      if (latest && match(latest)) return Promise.resolve(latest);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last status ${JSON.stringify(latest)}`));
        }, timeoutMs);
        const waiter = { match, resolve: (status: TunnelStatus) => { clearTimeout(timer); resolve(status); } };
        waiters.add(waiter);
      });
    },
  };
}

/** Polls `check` until it returns a value other than undefined, within `timeoutMs` (for outside processes only). */
export async function pollUntil<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
}
