// Time as a dependency: the shell's timers go through this so tests can drive them without waiting.

/** Cancels a scheduled callback; calling it twice is harmless. */
export type Cancel = () => void;

/** The clock the shell's logic schedules on. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): Cancel;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};
