// The Talkdesk endpoints of an integration (spec sections 2-6), each answering one call within its deadline.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublicContext } from '../context.js';
import { outcomeUnknown, type ActionAnswer } from '../action-outcomes.js';
import { settleWithin } from '../deadline.js';
import { BridgeError } from '../errors.js';
import type { IntegrationRuntime } from '../integration.js';
import { parseOrThrow } from '../validation.js';
import { runtimeOf, type Envelope, type PublicCall } from './public-call.js';
import { actionRequestSchema, agentsMetaSchema, interactionRequestSchema, syncMetaSchema } from './requests.js';

/** What an endpoint answers: a body to serialize, or JSON already serialized. */
interface Answer { status?: number; body?: unknown; json?: string; records?: number }

/** Talkdesk gives up after about 5 s: every call is answered within this, queueing included. */
export const REQUEST_DEADLINE_MS = 4500;

/**
 * An action is answered by the process that runs it (action-outcomes.ts) this much before the call's deadline, so its
 * exact answer (written, not written, or unknown) arrives before this process must give up without knowing.
 */
const ACTION_ANSWER_MARGIN_MS = 250;

const readsTooLate = () => new BridgeError('deadline_exceeded', 'The database did not answer in time; the call can be tried again.', { retryAfterSeconds: 5 });

/** The work's answer, or the `late` error when it is not ready in time; a late result is dropped. */
async function withDeadline<T>(work: Promise<T>, remainingMs: number, late: () => BridgeError): Promise<T> {
  const settled = await settleWithin(work, remainingMs);
  if (settled.late) throw late();
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/** A Talkdesk call's request, its body read. */
export type CallRequest = IncomingMessage & { body?: unknown };

/** An endpoint: answers the call, or throws the error it is to be answered with. */
export type Endpoint = (request: CallRequest, response: ServerResponse, call: PublicCall) => Promise<void>;

type Work = (runtime: IntegrationRuntime, body: Envelope, call: PublicCall, request: CallRequest) => Promise<Answer>;

/** An endpoint's handler: its work within the call's deadline, its answer sent as JSON serialized once. */
function handle(work: Work, late: () => BridgeError = readsTooLate): Endpoint {
  // A read past the deadline can be tried again; an action past it may have been written (its late answer is unknown).
  return async (request, response, call) => {
    const remaining = REQUEST_DEADLINE_MS - (Date.now() - call.receivedAt);
    const answer = await withDeadline(work(runtimeOf(call), call.envelope!, call, request), remaining, late);
    if (answer.records !== undefined) call.records = answer.records;
    const json = answer.json ?? JSON.stringify(answer.body);
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  };
}

/**
 * An action call as Talkdesk Connections makes it: its inputs at the top level of the body, no `meta` or `data`.
 * They are taken as the action's `data` (and logged so); a Talkdesk Integrations call is left as it is.
 */
function connectionsStyle(request: CallRequest, body: Envelope): Envelope {
  const raw = request.body as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object' || 'meta' in raw || 'data' in raw) return body;
  const { auth: _auth, ...inputs } = raw;
  body.data = inputs;
  return body;
}

const withoutNulls = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null));

function runAction(context: PublicContext): Work {
  return async (runtime, body, call, request) => {
    const { meta, data } = parseOrThrow(actionRequestSchema, connectionsStyle(request, body), 'invalid_request', 'The request is not valid');
    const action = call.action!;
    call.ignoredInputs = runtime.actions.get(action)?.ignoredInputs(data);
    const timing = { receivedAt: call.receivedAt, answerBy: call.receivedAt + REQUEST_DEADLINE_MS - ACTION_ANSWER_MARGIN_MS };
    let answer: ActionAnswer;
    try {
      answer = await context.runAction(runtime.config.id, action, { meta: withoutNulls(meta), data: withoutNulls(data) }, timing);
    } catch (error) {
      // A repeat answered from an earlier identical call names that call's time.
      if (error instanceof BridgeError && error.details?.first_call_at !== undefined) call.writeOutcome = 'repeat';
      throw error;
    }
    if (answer.repeated) call.writeOutcome = 'repeat';
    const result = answer.result;
    const contactId = meta.contact_external_id;
    return {
      status: 201,
      body: {
        message: 'Done.',
        ...(result.externalId !== undefined ? { external_id: result.externalId } : {}),
        ...(contactId !== undefined && contactId !== null ? { contact_external_id: String(contactId) } : {}),
      },
    };
  };
}

/** The endpoints by name, as the path below /integrations/ID names them. */
export function publicEndpoints(context: PublicContext): Map<string, Endpoint> {
  return new Map<string, Endpoint>([
    ['auth', handle(async () => ({ body: {} }))],

    ['contacts', handle(async (runtime, body, call) => {
      const meta = parseOrThrow(syncMetaSchema, body.meta, 'invalid_request', 'The request is not valid', ['meta']);
      // Sync statistics are Talkdesk's runs: the bridge's own calls (a self-test reads one page) are left out.
      return context.contactPage(runtime.config.id, meta, !call.internalCall);
    })],

    ['interactions', handle(async (runtime, body) => {
      const { meta, data } = parseOrThrow(interactionRequestSchema, body, 'invalid_request', 'The request is not valid');
      const interactions = await runtime.lookup.retrieve({
        types: meta.interaction_types ?? undefined,
        contactExternalId: data.contact_external_id == null || data.contact_external_id === '' ? undefined : String(data.contact_external_id),
        phones: data.contact_phones ?? [],
        emails: data.contact_emails ?? [],
      });
      return { body: interactions, records: interactions.length };
    })],

    ['agents', handle(async (runtime, body) => {
      const meta = parseOrThrow(agentsMetaSchema, body.meta, 'invalid_request', 'The request is not valid', ['meta']);
      const page = await runtime.agentsPage(meta.offset ?? 0);
      return { body: { agents: page.agents, ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}) }, records: page.agents.length };
    })],

    ['actions', handle(runAction(context), outcomeUnknown)],
  ]);
}
