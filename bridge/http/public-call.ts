// One Talkdesk call as the public app handles it: what each step learns, typed, made once per call.
import type { IntegrationRuntime } from '../integration.js';
import type { CallOrigin, WriteOutcome } from '../state/request-log.js';

/** A Talkdesk body: `auth`, `meta` and `data`, each an object (empty when missing). */
export interface Envelope { auth: Record<string, unknown>; meta: Record<string, unknown>; data: Record<string, unknown> }

/** What the steps of a call know of it, for the endpoint that answers and the request log. */
export class PublicCall {
  /** When it arrived: its deadline counts from here. */
  readonly receivedAt = Date.now();
  /** For its duration in the request log. */
  readonly started = process.hrtime.bigint();
  /** The endpoint it names ("unknown" for a path that names none). */
  endpoint = 'unknown';
  /** The action of /actions/NAME. */
  action?: string;
  runtime?: IntegrationRuntime;
  /** Its parsed body, once read. */
  envelope?: Envelope;
  /** Made with the bridge's own key (a self-test, a replay), not Talkdesk's. */
  internalCall = false;
  /** Which of the bridge's own calls it is, when its own key says so. */
  origin?: CallOrigin;
  /** How many records the answer held. */
  records?: number;
  /** An action's inputs it does not declare. */
  ignoredInputs?: string[];
  writeOutcome?: WriteOutcome;
  /** Whether its endpoint ran: an action's error from then on carries the `message` Talkdesk shows. */
  endpointRan = false;
  /** The code of the error it was answered with. */
  errorCode?: string;
}

/** The call's integration, known once the first step has found it. */
export function runtimeOf(call: PublicCall): IntegrationRuntime {
  if (!call.runtime) throw new Error('the integration of a call is found before its body is read');
  return call.runtime;
}
