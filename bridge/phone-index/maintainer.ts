// Keeps one integration's phone index current: a full pass in the background, then checkpoint reads on a schedule
// and after sync pages with changes; every full pass sweeps out the numbers of rows deleted from the source.
import type { Cursor, Value } from '../../connectors/index.js';
import type { ContactsMapping, PhoneIndexSettings } from '../profile/schema.js';
import type { NumberPages, NumbersPage } from './entries.js';
import type { PhoneIndexState, PhoneIndexStore } from './store.js';
import type { PhoneIndexStatus } from '../contract/status.js';
export type { PhoneIndexStatus };

/** What the index reports as it works (serve prints these as JSON lines; counts only, never a number). */
export type PhoneIndexEvent = { event: 'phone_index'; integration: string } & (
  | { state: 'building'; contactsRead: number; elapsedMs: number }
  | { state: 'ready' | 'full_pass'; contacts: number; numbers: number; removed: number; elapsedMs: number }
  | { state: 'refreshed'; contactsRead: number; elapsedMs: number }
  | { state: 'failed'; message: string; retryInSeconds: number }
);

/** What the dashboard shows of an index. */

type Job = 'full_pass' | 'refresh';

/** Progress lines while a pass runs, at most this often. */
const PROGRESS_EVERY_MS = 5000;
/** A sync page with changes asks for a refresh; a busy sync asks many times, and one refresh at a time is enough. */
const CHANGE_REFRESH_GAP_MS = 1000;

export class PhoneIndexMaintainer {
  private stopped = false;
  private wake: (() => void) | undefined;
  private wanted: Set<Job> = new Set();
  private lastChangeRefresh = 0;
  private changeTimer: NodeJS.Timeout | undefined;
  private error: string | undefined;
  private readonly done: Array<{ job: Job | 'ready'; resolve: () => void }> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly integration: string,
    private readonly fingerprint: string,
    private readonly mapping: ContactsMapping,
    private readonly settings: PhoneIndexSettings,
    /** Reads and normalizes the pages where sync pages are read: the event loop only writes them. */
    private readonly pages: NumberPages,
    private readonly store: PhoneIndexStore,
    private readonly report: (event: PhoneIndexEvent) => void,
  ) {}

  /** Starts the work; the bridge does so once the runtimes it replaces have stopped theirs, so one writes at a time. */
  start(): void {
    this.running ??= this.loop();
  }

  status(): PhoneIndexStatus {
    const state = this.store.state(this.integration);
    return {
      state: this.error ? 'failed' : state?.ready ? 'ready' : 'building',
      contactsRead: state?.passRows ?? 0, passStartedAt: state?.passStartedAt ?? null,
      lastFullPassAt: state?.lastFullPassAt ?? null, lastRefreshAt: state?.lastRefreshAt ?? null,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** A sync page showed changes: read them into the index now, or once the last such read is a gap behind. */
  changed(): void {
    if (this.changeTimer || this.stopped) return;
    const wait = this.lastChangeRefresh + CHANGE_REFRESH_GAP_MS - Date.now();
    const refresh = () => {
      this.changeTimer = undefined;
      this.lastChangeRefresh = Date.now();
      this.want('refresh');
    };
    if (wait <= 0) refresh();
    else {
      this.changeTimer = setTimeout(refresh, wait);
      this.changeTimer.unref();
    }
  }

  /** Resolves once the index is ready (tests, benchmarks). */
  ready(): Promise<void> {
    if (this.store.state(this.integration)?.ready) return Promise.resolve();
    return new Promise((resolve) => this.done.push({ job: 'ready', resolve }));
  }

  /** Runs a checkpoint read, or a full pass, now; resolves when it has finished. */
  runNow(job: Job): Promise<void> {
    const finished = new Promise<void>((resolve) => this.done.push({ job, resolve }));
    this.want(job);
    return finished;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.changeTimer);
    this.wake?.();
    await this.running;
  }

  private want(job: Job): void {
    this.wanted.add(job);
    this.wake?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let waitMs: number;
      try {
        let state = this.store.state(this.integration);
        // A new index, or one built for another mapping (source, key, checkpoint, phones or region): from nothing.
        if (!state || state.fingerprint !== this.fingerprint) state = this.store.reset(this.integration, this.fingerprint);
        const job = this.nextJob(state);
        if (job === 'full_pass') await this.fullPass(state);
        else if (job === 'refresh') await this.refresh(state);
        failures = 0;
        this.error = undefined;
        waitMs = this.untilNextJob(this.store.state(this.integration)!);
      } catch (error) {
        failures += 1;
        waitMs = Math.min(this.settings.refreshSeconds, 5 * 2 ** Math.min(failures, 6)) * 1000;
        this.error = (error as Error).message;
        this.report({ event: 'phone_index', integration: this.integration, state: 'failed', message: this.error, retryInSeconds: waitMs / 1000 });
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, waitMs));
        timer.unref();
        this.wake = () => { clearTimeout(timer); resolve(); };
        if (this.wanted.size > 0) this.wake();
      });
      this.wake = undefined;
    }
  }

  private nextJob(state: PhoneIndexState): Job | undefined {
    const passDue = this.untilDue(state.lastFullPassAt, this.settings.fullPassHours * 3600) <= 0;
    if (!state.ready || state.passAfter !== null || this.wanted.has('full_pass') || passDue) return 'full_pass';
    return this.refreshDue(state) ? 'refresh' : undefined;
  }

  private refreshDue(state: PhoneIndexState): boolean {
    return this.wanted.has('refresh') || this.untilDue(state.lastRefreshAt ?? state.lastFullPassAt, this.settings.refreshSeconds) <= 0;
  }

  private untilNextJob(state: PhoneIndexState): number {
    if (!state.ready || this.wanted.size > 0) return 0;
    return Math.min(this.untilDue(state.lastFullPassAt, this.settings.fullPassHours * 3600), this.untilDue(state.lastRefreshAt ?? state.lastFullPassAt, this.settings.refreshSeconds));
  }

  private untilDue(since: string | null, seconds: number): number {
    return since === null ? 0 : Date.parse(since) + seconds * 1000 - Date.now();
  }

  private finished(job: Job | 'ready'): void {
    for (let index = this.done.length - 1; index >= 0; index -= 1) {
      const waiting = this.done[index]!;
      if (waiting.job !== job) continue;
      this.done.splice(index, 1);
      waiting.resolve();
    }
  }

  /**
   * Reads the whole source by keyset, a page at a time (memory stays flat), from where a pass left off if one was
   * cut short. Over a ready index, due checkpoint reads run between its pages, so lookups stay current meanwhile.
   */
  private async fullPass(initial: PhoneIndexState): Promise<void> {
    this.wanted.delete('full_pass');
    const started = Date.now();
    let pass = initial.pass;
    if (initial.ready && initial.passAfter === null) {
      pass += 1;
      this.store.startPass(this.integration, pass);
    }
    let after: Cursor | undefined = initial.passAfter ? JSON.parse(initial.passAfter) as Cursor : undefined;
    let read = initial.passAfter ? initial.passRows : 0;
    let lastCheckpoint: Value | null = null;
    let progressAt = Date.now();
    let next: Promise<NumbersPage> | undefined;
    while (!this.stopped) {
      if (initial.ready) {
        // Only an index already answering lookups is kept current between the pages of its pass.
        const current = this.store.state(this.integration)!;
        if (this.refreshDue(current)) await this.refresh(current);
      }
      const page = await (next ?? this.pages.numbers({ after }));
      next = undefined;
      if (this.stopped) return;
      read += page.contacts.length;
      if (page.last?.checkpoint !== undefined && page.last.checkpoint !== null) lastCheckpoint = page.last.checkpoint;
      const more = page.contacts.length === this.mapping.pageSize && page.last !== undefined;
      // A first build: the next page is read while this one is written. Over a ready index a refresh may run between
      // pages, and a page read before it must not be written after it, so there each page is read when its turn comes.
      if (more && !initial.ready) {
        next = this.pages.numbers({ after: page.last });
        next.catch(() => {});
      }
      this.store.write(this.integration, page.contacts, pass, { pass_after: JSON.stringify(more ? page.last : after ?? null), pass_rows: read });
      if (!more) break;
      after = page.last;
      if (Date.now() - progressAt >= PROGRESS_EVERY_MS) {
        progressAt = Date.now();
        this.report({ event: 'phone_index', integration: this.integration, state: 'building', contactsRead: read, elapsedMs: Date.now() - started });
      }
    }
    if (this.stopped) return;
    // The first pass sets where checkpoint reads start; later ones leave that to the reads themselves.
    const checkpoint = !initial.ready && lastCheckpoint !== null ? JSON.stringify(lastCheckpoint) : null;
    const removed = this.store.finishPass(this.integration, pass, checkpoint);
    const { numbers, contacts } = this.store.size(this.integration);
    this.report({ event: 'phone_index', integration: this.integration, state: initial.ready ? 'full_pass' : 'ready', contacts, numbers, removed, elapsedMs: Date.now() - started });
    this.finished('full_pass');
    if (!initial.ready) this.finished('ready');
  }

  /** Reads the rows changed since the last checkpoint (a boundary row twice at worst) into the index. */
  private async refresh(state: PhoneIndexState): Promise<void> {
    this.wanted.delete('refresh');
    const started = Date.now();
    const since = state.checkpoint !== null ? JSON.parse(state.checkpoint) as Value : undefined;
    let after: Cursor | undefined;
    let read = 0;
    while (!this.stopped) {
      const page = await this.pages.numbers(after ? { after } : { since });
      if (this.stopped) return;
      read += page.contacts.length;
      const more = page.contacts.length === this.mapping.pageSize && page.last !== undefined;
      const checkpoint = page.last?.checkpoint ?? null;
      this.store.write(this.integration, page.contacts, state.pass, {
        ...(checkpoint !== null ? { checkpoint: JSON.stringify(checkpoint) } : {}),
        ...(more ? {} : { last_refresh_at: new Date().toISOString() }),
      });
      if (!more) break;
      after = page.last;
    }
    if (read > 0) this.report({ event: 'phone_index', integration: this.integration, state: 'refreshed', contactsRead: read, elapsedMs: Date.now() - started });
    this.finished('refresh');
  }
}
