// The one race of work against a deadline, for every layer: its outcome, or `late`; and the work, or a fallback once late.

export type Settled<T> = { late: true } | { late?: false; value: T } | { late?: false; error: unknown };

/** The work's outcome, or `late` when it is not settled within `ms`; the work runs on either way. */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => { timer = setTimeout(() => resolve({ late: true }), Math.max(0, ms)); });
  try {
    return await Promise.race([work.then((value) => ({ value }), (error: unknown) => ({ error })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The work's value (or error) when it settles within `ms`; else what `onLate` gives, such as the work again after forcing it. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => T | Promise<T>): Promise<T> {
  const settled = await settleWithin(work, ms);
  if (settled.late) return onLate();
  if ('error' in settled) throw settled.error;
  return settled.value;
}
