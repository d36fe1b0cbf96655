// Collects records and writes them in one batch a moment later, off the request path.

/** Batches `add`ed items for `write`; writes run one after another, so a flush sees every earlier batch stored. */
export class WriteBehind<T> {
  private pending: T[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (batch: T[]) => Promise<void>, private readonly flushMs = 250) {}

  add(item: T): void {
    this.pending.push(item);
    this.timer ??= setTimeout(() => { void this.flush(); }, this.flushMs);
  }

  /** Writes what is pending; resolves when it is stored (a failed batch is dropped: these are statistics). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.flushing = this.flushing.then(() => this.write(batch)).catch(() => {});
    return this.flushing;
  }
}
