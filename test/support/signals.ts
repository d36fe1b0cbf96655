// Waiting on what the code under test says happened, instead of sleeping and looking again.

/**
 * Resolves once `holds()` is true, checking it now and again after each signal `subscribe` delivers (a signal during
 * a check makes it check again). Past `timeoutMs`, a bound for a clear failure and not a measurement, it rejects
 * saying what never happened.
 */
export async function until(
  holds: () => boolean | Promise<boolean>, subscribe: (listener: () => void) => () => void, what: string, timeoutMs = 60_000,
): Promise<void> {
  let signals = 0;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  expired.catch(() => {});
  const stop = subscribe(() => {
    signals += 1;
    wake?.();
  });
  try {
    for (;;) {
      const seen = signals;
      if (await holds()) return;
      if (signals === seen) await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), expired]);
    }
  } finally {
    stop();
    clearTimeout(timer);
  }
}
