// Remembers action calls whose outcome the caller may not have learnt, so that an identical retry is not applied twice.
import { createHmac, randomBytes } from 'node:crypto';
import { ConnectorError, isConnectorError } from '../connectors/index.js';
import { settleWithin } from './deadline.js';
import { BridgeError } from './errors.js';

/**
 * How long an identical call is answered from memory instead of being applied again. Long enough to cover a caller's
 * automatic retries and a person clicking again after a failure; short enough that the same note written again later
 * (the same customer missing two calls an hour apart) is written, and that an admin who checked can simply retry.
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;
/**
 * A success answered later than this after the call arrived may reach Talkdesk after it gave up (about 5 s, more
 * through a slow tunnel), which would retry: such a success is remembered too. A faster one is not, so two identical
 * calls in a row are two rows, as the caller asked.
 */
export const LATE_SUCCESS_MS = 3000;
/** Calls remembered at most; past it the oldest is forgotten. Only unknown, running and late calls are kept. */
const MAX_REMEMBERED = 10_000;

export interface ActionCall { integration: string; action: string; meta: Record<string, unknown>; data: Record<string, unknown> }
export interface ActionResult { externalId?: string }
/** What an action call answers: its result, and whether it is an earlier identical call's. */
export interface ActionAnswer { result: ActionResult; repeated?: boolean }
/** When the call arrived and when it must be answered (epoch milliseconds). */
export interface ActionTiming { receivedAt: number; answerBy: number }
/** Runs the call's insert; `sending` is called just before the statement leaves and throws when it must not. */
export type ExecuteAction = (sending: () => void) => Promise<ActionResult>;

interface Remembered {
  /** When the first call arrived. */
  at: number;
  state: 'running' | 'written' | 'unknown';
  /** The first call's own outcome, for identical calls that arrive while it runs. */
  done: Promise<ActionResult>;
  result?: ActionResult;
}

const clock = (at: number) => `${new Date(at).toISOString().slice(11, 19)} UTC`;

/** The first call's answer when the database's reply is lost. */
export function outcomeUnknown(): BridgeError {
  return new BridgeError('outcome_unknown', 'The database did not confirm this action; it may have been written. Check before trying again.');
}

function repeatOfUnknown(first: Remembered, still: boolean): BridgeError {
  const what = still ? 'is still waiting for the database' : 'was not confirmed by the database';
  return new BridgeError('outcome_unknown',
    `An identical call at ${clock(first.at)} ${what}; it may have been written, so this one was not sent again. Check before trying again; `
    + `from ${clock(first.at + REPEAT_WINDOW_MS)} an identical call is sent again.`,
    { details: { first_call_at: new Date(first.at).toISOString() } });
}

/** JSON with object keys sorted at every depth: equal calls give equal text, whatever the key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

export class ActionOutcomes {
  /** Keys are keyed hashes: customer values are never kept, and the key dies with the process. */
  private readonly secret = randomBytes(32);
  private readonly memory = new Map<string, Remembered>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How many calls are remembered now. */
  get size(): number {
    return this.memory.size;
  }

  /** Runs an action once: an identical call within the window gets the first call's outcome (docs/ARCHITECTURE.md, "Actions are never applied twice"). */
  async run(call: ActionCall, timing: ActionTiming, execute: ExecuteAction): Promise<ActionAnswer> {
    this.forgetExpired();
    const key = createHmac('sha256', this.secret)
      .update(canonicalJson([call.integration, call.action, call.meta, call.data])).digest('base64url');
    const earlier = this.memory.get(key);
    if (earlier) return this.repeat(earlier, timing);

    let sent = false;
    let gaveUp = false;
    const done = execute(() => {
      if (gaveUp) throw new ConnectorError('db_timeout', 'The call ran out of time before its statement was sent; nothing was written.');
      sent = true;
    });
    const entry: Remembered = { at: this.now(), state: 'running', done };
    this.remember(key, entry);
    done.then((result) => {
      // A success nobody heard in time (the caller got "unknown", or got it late) is remembered; a prompt one is not.
      if (gaveUp || this.now() - timing.receivedAt > LATE_SUCCESS_MS) Object.assign(entry, { state: 'written', result });
      else this.forget(key, entry);
    }, (error: unknown) => {
      if (isConnectorError(error) && error.code === 'db_outcome_unknown') entry.state = 'unknown';
      else this.forget(key, entry);
    });

    const answer = await settleWithin(done, timing.answerBy - this.now());
    if (answer.late) {
      gaveUp = true;
      if (sent) throw outcomeUnknown();
      throw new BridgeError('deadline_exceeded', 'The database did not answer in time; nothing was written, and the call can be tried again.', { retryAfterSeconds: 5 });
    }
    if ('error' in answer) throw isConnectorError(answer.error) && answer.error.code === 'db_outcome_unknown' ? outcomeUnknown() : answer.error;
    return { result: answer.value };
  }

  /** An identical call: the first one's outcome, waiting for it while it still runs. */
  private async repeat(first: Remembered, timing: ActionTiming): Promise<ActionAnswer> {
    if (first.state === 'written') return { result: first.result ?? {}, repeated: true };
    if (first.state === 'unknown') throw repeatOfUnknown(first, false);
    const answer = await settleWithin(first.done, timing.answerBy - this.now());
    if (answer.late) throw repeatOfUnknown(first, true);
    if ('error' in answer) {
      if (isConnectorError(answer.error) && answer.error.code === 'db_outcome_unknown') throw repeatOfUnknown(first, false);
      throw answer.error;
    }
    return { result: answer.value, repeated: true };
  }

  private remember(key: string, entry: Remembered): void {
    if (this.memory.size >= MAX_REMEMBERED) {
      const oldest = this.memory.keys().next();
      if (!oldest.done) this.memory.delete(oldest.value);
    }
    this.memory.set(key, entry);
  }

  private forget(key: string, entry: Remembered): void {
    if (this.memory.get(key) === entry) this.memory.delete(key);
  }

  /** Entries are kept in arrival order, so the expired ones are at the front. */
  private forgetExpired(): void {
    const oldest = this.now() - REPEAT_WINDOW_MS;
    for (const [key, entry] of this.memory) {
      if (entry.at > oldest) break;
      this.memory.delete(key);
    }
  }
}
