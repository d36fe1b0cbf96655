// The messages between the bridge process and its public processes; errors cross as a CallError (bridge/errors.ts decodes them).
import type { CallError, CallReply } from '../../connectors/index.js';
import type { ActionAnswer, ActionTiming } from '../action-outcomes.js';
import type { ActionRequest } from '../mapping/action.js';
import type { Profile } from '../profile/schema.js';
import type { RequestLogEntry } from '../state/request-log.js';
import type { SyncMeta } from '../sync/contact-sync.js';

/** What a public process asks of the bridge process, and what it gets back. */
export interface Calls {
  contactPage: { args: [integration: string, meta: SyncMeta, record: boolean]; result: { json: string; records: number } };
  authFailed: { args: [source: string]; result: number | undefined };
  runAction: { args: [integration: string, action: string, request: ActionRequest, timing: ActionTiming]; result: ActionAnswer };
}

export type ToPublic =
  | { type: 'connection' }
  | { type: 'profile'; id: number; profile: Profile }
  | { type: 'keys'; id: number }
  | ({ type: 'reply' } & CallReply<unknown>)
  | { type: 'stop' };

export type FromPublic =
  | { type: 'ready' }
  | { type: 'failed'; error: CallError }
  | ({ type: 'reply' } & CallReply<unknown>)
  | { type: 'call'; id: number; method: keyof Calls; args: unknown[] }
  | { type: 'log'; entries: RequestLogEntry[] };
