// Admission control: at most N calls per integration run at once; a few wait briefly, the rest are turned away.
import { BridgeError } from './errors.js';

export interface AdmissionLimits {
  /** Calls running at once (the database pool size is a good value). */
  concurrency: number;
  /** Calls allowed to wait for a free slot. */
  queue: number;
  /** How long a call may wait before it is turned away. */
  maxWaitMs: number;
}

/** A counting semaphore with a bounded, time-limited queue. */
export class Admission {
  private running = 0;
  private readonly waiting: Array<{ grant(): void; timer: NodeJS.Timeout }> = [];

  constructor(private readonly limits: AdmissionLimits) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Resolves with a release function, or rejects with an `overloaded` error. */
  acquire(): Promise<() => void> {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.queue) return Promise.reject(overloaded());
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => { clearTimeout(entry.timer); resolve(this.releaser()); },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(overloaded());
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.running -= 1;
    };
  }
}

function overloaded(): BridgeError {
  return new BridgeError('overloaded', 'The bridge is busy with other calls; try again in a moment.', { retryAfterSeconds: 1 });
}
