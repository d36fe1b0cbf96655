// Timing helpers for the tunnel: exponential backoff with jitter, timeouts, and abortable waits.
import { setTimeout as delay } from 'node:timers/promises';
import { withDeadline } from '../deadline.js';

/** Backoff settings; delays grow as initialMs * 2^attempt up to maxMs. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** The delay before retry number `attempt` (0-based): "equal jitter", between half and all of the exponential step. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Rejects with an error naming `what` when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(promise, ms, () => { throw new Error(`${what} did not answer within ${ms} ms`); });
}

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // aborted: the caller checks why
  }
}

/** Waits `ms` unless `event` settles first (its value is returned) or `signal` aborts; the timer never outlives the wait. */
export async function sleepUnless<T>(ms: number, signal: AbortSignal, event: Promise<T>): Promise<T | undefined> {
  const local = new AbortController();
  const forward = () => local.abort();
  signal.addEventListener('abort', forward, { once: true });
  try {
    return await Promise.race([event, sleep(ms, local.signal).then(() => undefined)]);
  } finally {
    local.abort();
    signal.removeEventListener('abort', forward);
  }
}
