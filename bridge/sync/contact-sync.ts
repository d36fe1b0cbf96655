// Contact synchronization (spec section 3): keyset pages in (checkpoint, key) order, exact incremental runs.
import { createHash, randomUUID } from 'node:crypto';
import type { Connector, Cursor } from '../../connectors/index.js';
import { BridgeError } from '../errors.js';
import type { ContactMapper, TalkdeskContact } from '../mapping/contact.js';
import type { ContactsMapping } from '../profile/schema.js';
import { checkpointSchema, offsetSchema, type OffsetToken, type TokenSigner } from './token.js';

export interface SyncMeta {
  synchronization_checkpoint?: unknown;
  offset?: unknown;
  context?: unknown;
}

export interface SyncPage {
  response: {
    next_offset?: string;
    synchronization_checkpoint: string;
    context: unknown;
    contacts: TalkdeskContact[];
  };
  run: { id: string; kind: 'full' | 'incremental'; started: number; last: boolean };
}

/** How long a page read ahead stays usable: Talkdesk asks for the next page as soon as it has read one. */
const READ_AHEAD_FRESH_MS = 5000;

interface MappedPage { contacts: TalkdeskContact[]; last?: Cursor }
interface ReadAhead { offset: string; at: number; page: Promise<MappedPage>; failed: boolean }

interface Run { id: string; kind: 'full' | 'incremental'; started: number; after?: Cursor; since?: Cursor['checkpoint']; checkpoint: Cursor['checkpoint'] }

/** A fingerprint of what the tokens' positions mean; a token from another mapping is not reused. */
export function mappingFingerprint(mapping: ContactsMapping): string {
  return createHash('sha256').update(JSON.stringify([mapping.source, mapping.key, mapping.checkpoint])).digest('base64url').slice(0, 12);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export class ContactSync {
  private readonly fingerprint: string;
  private ahead: ReadAhead | undefined;

  constructor(
    private readonly integrationId: string,
    private readonly connector: Connector,
    private readonly mapping: ContactsMapping,
    private readonly mapper: ContactMapper,
    private readonly signer: TokenSigner,
  ) {
    this.fingerprint = mappingFingerprint(mapping);
  }

  /** Serves one page. Without offset it starts a run: full without checkpoint, incremental with one. */
  async page(meta: SyncMeta): Promise<SyncPage> {
    const run = this.resolveRun(meta);
    const { contacts, last } = await this.read(run, meta.offset);
    const checkpoint = last && last.checkpoint !== null ? last.checkpoint : run.checkpoint;
    const more = contacts.length === this.mapping.pageSize && last !== undefined;
    const response: SyncPage['response'] = {
      synchronization_checkpoint: this.signer.sign({ t: 'c', i: this.integrationId, f: this.fingerprint, c: checkpoint }),
      context: meta.context ?? null,
      contacts,
    };
    if (more) {
      const offset: OffsetToken = { t: 'o', i: this.integrationId, f: this.fingerprint, run: run.id, kind: run.kind, started: run.started, after: last };
      response.next_offset = this.signer.sign(offset);
      this.readAhead(response.next_offset, { ...run, after: last, since: undefined });
    }
    return { response, run: { id: run.id, kind: run.kind, started: run.started, last: !more } };
  }

  /** The page after the run's position: the one read ahead for this offset when there is one, else a fresh read. */
  private async read(run: Run, offset: unknown): Promise<MappedPage> {
    const ahead = this.ahead;
    this.ahead = undefined;
    // A read still under way is this request's read, failure included; one that failed before is read again.
    if (ahead && ahead.offset === offset && Date.now() - ahead.at < READ_AHEAD_FRESH_MS && !ahead.failed) return ahead.page;
    return this.readNow(run);
  }

  private async readNow(run: Run): Promise<MappedPage> {
    const { rows, last } = await this.connector.pageContacts({
      source: this.mapping.source,
      key: this.mapping.key,
      checkpoint: this.mapping.checkpoint,
      columns: this.mapper.columns,
      after: run.after,
      since: run.after ? undefined : run.since ?? undefined,
      limit: this.mapping.pageSize,
    });
    return { contacts: rows.map((row) => this.mapper.contact(row)), last };
  }

  /**
   * Starts reading the next page once this answer is on its way, while Talkdesk receives and reads it: a caller
   * following next_offset then finds the page ready. Only the latest offset is kept, for a few seconds.
   */
  private readAhead(offset: string, run: Run): void {
    const ahead: ReadAhead = {
      offset, at: Date.now(), failed: false,
      page: new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.readNow(run)),
    };
    ahead.page.catch(() => { ahead.failed = true; });
    this.ahead = ahead;
  }

  private resolveRun(meta: SyncMeta): Run {
    let checkpoint: Cursor['checkpoint'] = null;
    let incremental = false;
    if (present(meta.synchronization_checkpoint)) {
      const token = this.signer.verify(meta.synchronization_checkpoint, checkpointSchema);
      if (!token || token.i !== this.integrationId) {
        throw new BridgeError('invalid_checkpoint', 'meta.synchronization_checkpoint was not issued by this bridge for this integration.');
      }
      // A checkpoint from before a mapping change means nothing now: start over with a full sync.
      if (token.f === this.fingerprint && token.c !== null) {
        checkpoint = token.c;
        incremental = true;
      }
    }
    if (present(meta.offset)) {
      const token = this.signer.verify(meta.offset, offsetSchema);
      if (!token || token.i !== this.integrationId) throw new BridgeError('invalid_offset', 'meta.offset was not issued by this bridge for this integration.');
      if (token.f !== this.fingerprint) throw new BridgeError('invalid_offset', 'The contact mapping changed during this sync; start the sync again.');
      const sent = token.after.checkpoint ?? checkpoint;
      return { id: token.run, kind: token.kind, started: token.started, after: token.after, checkpoint: sent };
    }
    return {
      id: randomUUID(), kind: incremental ? 'incremental' : 'full', started: Date.now(),
      since: incremental ? checkpoint : undefined, checkpoint,
    };
  }
}
