// Contact synchronization (spec section 3): keyset pages in (checkpoint, key) order, exact incremental runs.
import { createHash, randomUUID } from 'node:crypto';
import type { Cursor } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import type { ContactsMapping } from '../profile/schema.js';
import type { ContactPageJson, PageReader } from './page-reader.js';
import { limitCheckpoint } from './lookback.js';
import { checkpointSchema, offsetSchema, type OffsetToken, type TokenSigner } from './token.js';

export interface SyncMeta {
  synchronization_checkpoint?: unknown;
  offset?: unknown;
  context?: unknown;
}

export interface SyncPage {
  /** The answer's JSON: next_offset, synchronization_checkpoint, context and the contacts (already serialized). */
  json: string;
  contacts: number;
  run: { id: string; kind: 'full' | 'incremental'; started: number; last: boolean };
  /** Set on a run's first page when Talkdesk's checkpoint could not be used and a full sync started instead: why. */
  restarted?: string;
}

/** Pages read ahead of the one Talkdesk asked for, and how long one stays usable (it asks for the next at once). */
export const READ_AHEAD_PAGES = 2;
const READ_AHEAD_FRESH_MS = 5000;

interface ReadAhead { at: number; page: Promise<ContactPageJson>; failed: boolean }

interface Run {
  id: string; kind: 'full' | 'incremental'; started: number; after?: Cursor; since?: Cursor['checkpoint']; checkpoint: Cursor['checkpoint'];
  /** Why Talkdesk's checkpoint was set aside for a full sync (first page only). */
  restarted?: string;
  /** The database clock at the run's start minus the lookback window: no checkpoint handed out goes past it. */
  ceiling?: number;
  /** Settles once `ceiling` is known (read beside the run's first page, not before it). */
  limited?: Promise<void>;
}

/** A fingerprint of what the tokens' positions mean; a token from another mapping is not reused. */
export function mappingFingerprint(mapping: ContactsMapping): string {
  return createHash('sha256').update(JSON.stringify([mapping.source, mapping.key, mapping.checkpoint])).digest('base64url').slice(0, 12);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export class ContactSync {
  private readonly fingerprint: string;
  /** Pages being read or read ahead, by the offset token that will ask for them. */
  private readonly ahead = new Map<string, ReadAhead>();
  /** The next_offset of the last page served. */
  private promised: string | undefined;
  /** The last page read in order, from which reading ahead goes on once a page read ahead is taken. */
  private tail: { run: Run; page: Promise<ContactPageJson> } | undefined;

  constructor(
    private readonly integrationId: string,
    private readonly pages: PageReader,
    private readonly mapping: ContactsMapping,
    private readonly signer: TokenSigner,
    /** The database's clock (ms since the epoch), read when a run starts. */
    private readonly clock: () => Promise<number>,
    /** The connection's zone, in which zone-less checkpoint values are local time. */
    private readonly timeZone = 'UTC',
  ) {
    this.fingerprint = mappingFingerprint(mapping);
  }

  /** Serves one page. Without offset it starts a run: full without checkpoint, incremental with one. */
  async page(meta: SyncMeta): Promise<SyncPage> {
    const run = this.resolveRun(meta);
    if (!run.after && this.mapping.lookbackSeconds > 0) run.limited = this.readCeiling().then((ceiling) => { run.ceiling = ceiling; });
    const [{ json, count, last }] = await Promise.all([this.take(run, meta.offset), run.limited]);
    const reached = last && last.checkpoint !== null ? last.checkpoint : run.checkpoint;
    const checkpoint = limitCheckpoint(reached, last, run.ceiling, this.timeZone);
    const more = count === this.mapping.pageSize && last !== undefined;
    const head = {
      ...(more ? { next_offset: (this.promised = this.offsetAfter(run, last)) } : {}),
      synchronization_checkpoint: this.signer.sign({ t: 'c', i: this.integrationId, f: this.fingerprint, c: checkpoint }),
      context: meta.context ?? null,
    };
    // The contacts arrive serialized from the reading thread: splice them in rather than parse and serialize again.
    return {
      json: `${JSON.stringify(head).slice(0, -1)},"contacts":${json}}`, contacts: count,
      run: { id: run.id, kind: run.kind, started: run.started, last: !more },
      ...(run.restarted ? { restarted: run.restarted } : {}),
    };
  }

  /**
   * The database clock minus the lookback window, read while the first page is. The page may be read up to the
   * clock's round trip before the clock is: the limit moves back by as much, so it never passes a read.
   */
  private async readCeiling(): Promise<number> {
    const asked = performance.now();
    const now = await this.clock();
    return now - this.mapping.lookbackSeconds * 1000 - (performance.now() - asked);
  }

  private offsetAfter(run: Run, after: Cursor): string {
    const offset: OffsetToken = {
      t: 'o', i: this.integrationId, f: this.fingerprint, run: run.id, kind: run.kind, started: run.started, after,
      ...(run.ceiling !== undefined ? { ceil: run.ceiling } : {}),
    };
    return this.signer.sign(offset);
  }

  /** The page at the run's position: the one read ahead for this offset when there is one, else a fresh read. */
  private take(run: Run, offset: unknown): Promise<ContactPageJson> {
    const ahead = typeof offset === 'string' ? this.ahead.get(offset) : undefined;
    if (ahead) {
      this.ahead.delete(offset as string);
      // A read still under way is this request's read, failure included; one that failed before is read again.
      if (Date.now() - ahead.at < READ_AHEAD_FRESH_MS && !ahead.failed) {
        // A place is free: the pages read ahead go on from the last one, so the reading thread never waits for
        // Talkdesk to catch up with a whole batch.
        this.readAfterTail();
        return ahead.page;
      }
    }
    // Anywhere else, what was read ahead is not what this caller is after.
    if (!ahead) {
      this.ahead.clear();
      this.tail = undefined;
    }
    // Read ahead only for a caller following a run in order: one starting it, or asking for the page last promised
    // (again, after a refusal). One jumping to other offsets would have the database read pages nobody asks for.
    const inOrder = offset === undefined || offset === null || offset === '' || offset === this.promised;
    return this.read(run, inOrder);
  }

  /**
   * Reads a page and, when more follow, starts reading the next: the reading thread works while the event loop
   * sends this one and Talkdesk reads it, and a caller following next_offset finds its page ready. At most
   * READ_AHEAD_PAGES pages are read ahead.
   */
  private async read(run: Run, ahead = true): Promise<ContactPageJson> {
    const page = this.pages.read({ after: run.after, since: run.after ? undefined : run.since ?? undefined });
    if (ahead) this.tail = { run, page };
    const { count, last } = await page;
    // The pages read ahead carry the run's limit in their offsets: it is known before they are signed.
    await run.limited;
    if (ahead && count === this.mapping.pageSize && last) this.readAhead({ ...run, after: last, since: undefined });
    return page;
  }

  /** Reads the page after the last one read in order, when there is one and a place is free. */
  private readAfterTail(): void {
    const tail = this.tail;
    if (!tail) return;
    tail.page.then(({ count, last }) => {
      if (this.tail === tail && count === this.mapping.pageSize && last) this.readAhead({ ...tail.run, after: last, since: undefined });
    }, () => undefined);
  }

  private readAhead(run: Run & { after: Cursor }): void {
    const offset = this.offsetAfter(run, run.after);
    if (this.ahead.size >= READ_AHEAD_PAGES || this.ahead.has(offset)) return;
    const ahead: ReadAhead = { at: Date.now(), failed: false, page: this.read(run) };
    ahead.page.catch(() => { ahead.failed = true; });
    this.ahead.set(offset, ahead);
  }

  private resolveRun(meta: SyncMeta): Run {
    if (present(meta.offset)) {
      const token = this.signer.verify(meta.offset, offsetSchema);
      if (!token || token.i !== this.integrationId) throw new BridgeError('invalid_offset', 'meta.offset was not issued by this bridge for this integration.');
      if (token.f !== this.fingerprint) throw new BridgeError('invalid_offset', 'The contact mapping changed during this sync; start the sync again.');
      // Before its first dated row, an incremental run still stands at the checkpoint it started from.
      const started = token.kind === 'incremental' ? this.checkpointOf(meta.synchronization_checkpoint).checkpoint : null;
      return { id: token.run, kind: token.kind, started: token.started, after: token.after, checkpoint: token.after.checkpoint ?? started, ceiling: token.ceil };
    }
    const { checkpoint, restarted } = this.checkpointOf(meta.synchronization_checkpoint);
    const incremental = checkpoint !== null;
    return {
      id: randomUUID(), kind: incremental ? 'incremental' : 'full', started: Date.now(),
      since: incremental ? checkpoint : undefined, checkpoint, ...(restarted ? { restarted } : {}),
    };
  }

  /**
   * The position an incremental run starts from, or null for a full sync. A checkpoint this bridge cannot use
   * starts a full sync rather than a refusal: Talkdesk keeps sending the checkpoint it stored, and a 400 would
   * stop its syncs for good. `restarted` says why, for the log and the dashboard.
   */
  private checkpointOf(given: unknown): { checkpoint: Cursor['checkpoint']; restarted?: string } {
    if (!present(given)) return { checkpoint: null };
    const token = this.signer.verify(given, checkpointSchema);
    if (!token) {
      return { checkpoint: null, restarted: 'Talkdesk sent a synchronization checkpoint this install did not sign (it comes from another install, from before the data folder was restored or lost, or from an earlier signing key)' };
    }
    if (token.i !== this.integrationId) return { checkpoint: null, restarted: `Talkdesk sent a synchronization checkpoint issued for the integration "${token.i}"` };
    if (token.f !== this.fingerprint) return { checkpoint: null, restarted: 'Talkdesk sent a synchronization checkpoint from before the contact mapping (source, key or checkpoint column) changed' };
    return { checkpoint: token.c };
  }
}
