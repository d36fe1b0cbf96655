// Reads mapped contact pages, and the phone index's pages, where they cannot hold up lookups (page-places.ts), started
// on first use and again after a fault.
import { ConnectorError, noAnswerWithin, PendingCalls, runsStatementsInProcess, type ConnectionConfig, type Cursor, type Value } from '../../connectors/index.js';
import type { ContactsMapping } from '../profile/schema.js';
import { withDeadline } from '../deadline.js';
import { errorFromCall } from '../errors.js';
import type { NumberPages, NumbersPage } from '../phone-index/entries.js';
import { startPagePlace, type PagePlace } from './page-places.js';

/** A page of contacts already in JSON, as Talkdesk receives them. */
export interface ContactPageJson { json: string; count: number; last?: Cursor }

export interface PageReader {
  read(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson>;
  close(): Promise<void>;
}

/** Lets the driver's own SQLITE_BUSY (after `busy_timeout`, the query timeout) arrive before the process is ended. */
const PROCESS_GRACE_MS = 100;
/** How long a closing worker may take to close its connection before it is ended. */
const CLOSE_GRACE_MS = 2000;

/**
 * One page worker per integration answers both the sync and the phone index: one connection, and for SQLite one
 * process, rather than one each. Ending it at a deadline fails the other's pages in flight; each reads them again.
 */
export class WorkerPageReader implements PageReader, NumberPages {
  private place: PagePlace | undefined;
  private readonly calls = new PendingCalls<ContactPageJson | NumbersPage>(errorFromCall);
  /**
   * In a process (SQLite), a page's statements get the query timeout in all: the process is ended then, a runaway
   * statement with it. A thread's statements are each stopped by their session at the query timeout, and a page is
   * at most two (rows without a checkpoint, then the rest); a thread still busy past both is stuck, and is ended.
   * Either way the next read starts another.
   */
  private readonly deadlineMs: number;
  private readonly timeoutMessage: string;

  constructor(private readonly connection: ConnectionConfig, private readonly contacts: ContactsMapping) {
    const inProcess = runsStatementsInProcess(connection.dialect);
    this.deadlineMs = inProcess ? connection.queryTimeoutMs + PROCESS_GRACE_MS : 2 * connection.queryTimeoutMs + 500;
    this.timeoutMessage = noAnswerWithin(inProcess ? connection.queryTimeoutMs : this.deadlineMs);
  }

  /** Starts the page worker now, so that the first page asked for does not wait for it to load. */
  start(): void {
    this.running();
  }

  /** Settles once the started page worker hears requests (or has failed to start); at once when none is started. */
  loaded(): Promise<void> {
    return this.place ? this.place.ready.catch(() => {}) : Promise.resolve();
  }

  read(position: { after?: Cursor; since?: Value }): Promise<ContactPageJson> {
    return this.ask(position) as Promise<ContactPageJson>;
  }

  numbers(position: { after?: Cursor; since?: Value }): Promise<NumbersPage> {
    return this.ask(position, true) as Promise<NumbersPage>;
  }

  async close(): Promise<void> {
    const place = this.place;
    this.place = undefined;
    if (!place) return;
    this.calls.failAll(new ConnectorError('db_unavailable', 'The integration is being reloaded; try again.'));
    const ended = new Promise<void>((resolve) => place.onEnd(() => resolve()));
    place.send('close');
    await withDeadline(ended, CLOSE_GRACE_MS, () => {
      place.kill();
      return ended;
    });
  }

  private async ask(position: { after?: Cursor; since?: Value }, numbers?: true): Promise<ContactPageJson | NumbersPage> {
    const place = this.running();
    // Loading is not the database's time: the deadline starts once the worker hears requests.
    await place.ready.catch(() => {});
    if (this.place !== place) throw new ConnectorError('db_unavailable', 'Reading contacts stopped; try again.');
    const timedOut = () => this.fail(place, new ConnectorError('db_timeout', this.timeoutMessage));
    const request = { after: position.after, since: position.since, ...(numbers ? { numbers } : {}) };
    return this.calls.add((id) => place.send({ id, ...request }), { ms: this.deadlineMs, onDeadline: timedOut });
  }

  private running(): PagePlace {
    if (this.place) return this.place;
    const place = startPagePlace({ connection: this.connection, contacts: this.contacts });
    place.onReply((reply) => this.calls.settle(reply));
    place.onEnd((reason) => this.fail(place, new ConnectorError('db_unavailable', reason)));
    this.place = place;
    return place;
  }

  /** Ends a page worker that failed or got stuck; everything waiting on it gets the error. */
  private fail(place: PagePlace, error: Error): void {
    if (this.place !== place) return;
    this.place = undefined;
    place.kill();
    this.calls.failAll(error);
  }
}
