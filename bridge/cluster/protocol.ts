// The messages between the bridge process and its public processes, and errors carried across.
import { ConnectorError, isConnectorError, isConnectorErrorCode } from '../../connectors/index.js';
import { BridgeError, type BridgeErrorCode } from '../errors.js';
import type { ActionAnswer, ActionTiming } from '../action-outcomes.js';
import type { ActionRequest } from '../mapping/action.js';
import type { Profile } from '../profile/schema.js';
import type { RequestLogEntry } from '../state/request-log.js';
import type { SyncMeta } from '../sync/contact-sync.js';

/** An error as it crosses a process boundary: coded errors keep their code, anything else stays internal. */
export interface WireError {
  kind: 'bridge' | 'connector' | 'other';
  code?: string;
  message: string;
  retryAfterSeconds?: number;
  details?: Record<string, unknown>;
}

export function toWire(error: unknown): WireError {
  if (error instanceof BridgeError) {
    return { kind: 'bridge', code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds, details: error.details };
  }
  if (isConnectorError(error)) return { kind: 'connector', code: error.code, message: error.message };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(error: WireError): Error {
  if (error.kind === 'bridge') {
    return new BridgeError(error.code as BridgeErrorCode, error.message, { retryAfterSeconds: error.retryAfterSeconds, details: error.details });
  }
  if (error.kind === 'connector' && isConnectorErrorCode(error.code)) return new ConnectorError(error.code, error.message);
  return new Error(error.message);
}

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
  | { type: 'reply'; id: number; value?: unknown; error?: WireError }
  | { type: 'stop' };

export type FromPublic =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'ack'; id: number; error?: WireError }
  | { type: 'call'; id: number; method: keyof Calls; args: unknown[] }
  | { type: 'log'; entries: RequestLogEntry[] };
