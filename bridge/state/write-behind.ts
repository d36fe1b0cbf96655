// Collects records and writes them in one batch a moment later, off the request path.

/** What a store says when records could not be written: how many wait for the next try, how many were lost. */
export type WriteFailure = (error: unknown, waiting: number, dropped: number) => void;

/**
 * Writes a batch. A record that can never be written (it cannot be serialized, the table refuses its row) is left
 * out and its error returned: it is dropped and counted, not tried again. A store that fails (disk full, database
 * locked) throws: the whole batch is kept and tried again.
 */
export type BatchWriter<T> = (batch: T[]) => Promise<unknown[] | void>;

/** How long a failed batch waits before it is tried again, and how many records may wait at most. */
const RETRY_MS = 5000;
const MAX_WAITING = 10_000;

/**
 * Batches `add`ed items for `write`; writes run one after another, so a flush sees every earlier batch stored.
 * A batch that fails (disk full, database locked) is kept and tried again with the next one; past MAX_WAITING
 * records the oldest are dropped. A record that can never be written is dropped at once, so it cannot hold back
 * the records after it. Each failure is reported and each dropped record counted, so nothing is lost silently.
 */
export class WriteBehind<T> {
  private pending: T[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private droppedSoFar = 0;

  constructor(
    private readonly write: BatchWriter<T>,
    private readonly flushMs = 250,
    private readonly failed: WriteFailure = () => {},
    private readonly maxWaiting = MAX_WAITING,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    this.schedule(this.flushMs);
  }

  /** How many records were dropped since the start: refused by the store, or the oldest while too many waited. */
  get dropped(): number {
    return this.droppedSoFar;
  }

  /** Writes what is pending; resolves when it is stored, or kept for a later try after a failure. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() => this.write(batch)).then((refused) => {
        if (!refused || refused.length === 0) return;
        this.droppedSoFar += refused.length;
        this.failed(refused[0], this.pending.length, refused.length);
      }, (error: unknown) => {
        // Older records first, as they came; the oldest go when too many wait.
        this.pending = [...batch, ...this.pending];
        const dropped = Math.max(0, this.pending.length - this.maxWaiting);
        if (dropped > 0) this.pending.splice(0, dropped);
        this.droppedSoFar += dropped;
        this.failed(error, this.pending.length, dropped);
        this.schedule(RETRY_MS);
      });
    }
    return this.flushing;
  }

  private schedule(delayMs: number): void {
    this.timer ??= setTimeout(() => { void this.flush(); }, delayMs);
    // Waiting records must not keep a finished command alive; close() flushes them.
    this.timer.unref?.();
  }
}
