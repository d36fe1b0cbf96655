// Talkdesk's calls (POST /integrations/ID/ENDPOINT), answered on node:http without Express: the steps every call
// takes, in order, each able to refuse it with a coded error.
import type { ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { parseCidrs } from '../addresses.js';
import type { PublicContext } from '../context.js';
import { BridgeError } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { holdSlot } from './admission.js';
import { presentedKey } from './auth.js';
import { CALL_ORIGIN_HEADER, callOriginOf } from './call-origin.js';
import { answerError, pathOf } from './errors.js';
import { callerAddress, rateLimited, refuseUnlisted } from './guards.js';
import { readJsonBody } from './json-body.js';
import { PublicCall, runtimeOf, type Envelope } from './public-call.js';
import { publicEndpoints, type CallRequest } from './public-endpoints.js';
import { logWhenAnswered } from './request-logging.js';
import { envelopeSchema } from './requests.js';

/** A Talkdesk call's path: the integration, then what is below it. Any case, as the routes of the admin app match. */
export const CALL_PATH = /^\/integrations\/([^/?#]+)([^?#]*)/i;

/**
 * An endpoint's path below the integration: the endpoint, and the action of /actions/NAME. Known before auth, so
 * refused calls are logged against the endpoint they tried; a path that is none of these is logged as "unknown".
 */
const ENDPOINT_PATH = /^\/(?:(auth|contacts|interactions|agents)|(actions)\/([^/]+))\/?$/i;

function decoded(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BridgeError('invalid_request', `The ${what} in the path is not valid URL encoding.`);
  }
}

/** The call's endpoint, action and integration, before its body is read: POST only; an unknown integration is refused unread. */
function identify(context: PublicContext, request: CallRequest, path: RegExpExecArray, call: PublicCall): void {
  if (request.method !== 'POST') throw new BridgeError('method_not_allowed', `${request.method ?? ''} is not allowed here; use POST.`);
  const [, id = '', below = ''] = path;
  const match = ENDPOINT_PATH.exec(below || '/');
  call.endpoint = (match?.[1] ?? match?.[2])?.toLowerCase() ?? 'unknown';
  const integration = decoded(id, 'integration id');
  const runtime = context.runtime(integration);
  if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${integration}".`);
  call.runtime = runtime;
  if (match?.[3] !== undefined) call.action = decoded(match[3], 'action name');
}

function envelopeOf(request: CallRequest): Envelope {
  const body: unknown = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BridgeError('invalid_request', 'The request body must be a JSON object.');
  const parsed = parseOrThrow(envelopeSchema, body, 'invalid_request', 'The request body is not valid');
  return { auth: parsed.auth ?? {}, meta: parsed.meta ?? {}, data: parsed.data ?? {} };
}

/** The integration's IP allow-list (CIDRs), when it has one, checked against the caller's address as far as it is vouched for. */
function allowListCheck(context: PublicContext): (request: CallRequest, call: PublicCall) => void {
  const lists = new Map<string, BlockList>();
  return (request, call) => {
    const cidrs = runtimeOf(call).config.allowIps;
    if (!cidrs || cidrs.length === 0) return;
    const cacheKey = cidrs.join(',');
    let allowed = lists.get(cacheKey);
    if (!allowed) {
      allowed = parseCidrs(cidrs);
      lists.set(cacheKey, allowed);
    }
    const refusal = refuseUnlisted(allowed, callerAddress(request, context.trustedForwarders()));
    if (refusal) throw refusal;
  };
}

/**
 * Only failures count and only failures are refused: a valid key always passes, so a flood of bad guesses through a
 * tunnel that hides callers' addresses (they then share one count) cannot lock Talkdesk out.
 */
async function authenticate(context: PublicContext, request: CallRequest, call: PublicCall): Promise<void> {
  const runtime = runtimeOf(call);
  if (runtime.config.auth.type === 'none') return;
  const key = presentedKey(request.headers, call.envelope!.auth);
  const match = key ? await context.apiKeys.verify(runtime.config.id, key) : undefined;
  if (match) {
    call.internalCall = match.internal;
    // Only the bridge's own short-lived key may say which of its calls this is (a header anyone else sends is ignored).
    if (match.internal) call.origin = callOriginOf(request.headers[CALL_ORIGIN_HEADER] as string | undefined);
    return;
  }
  const wait = await context.authFailed(callerAddress(request, context.trustedForwarders()));
  throw wait !== undefined ? rateLimited(wait) : new BridgeError('unauthorized',
    key ? 'The API key is not valid for this integration.' : 'An API key is required (auth.api_key, X-API-Key or Basic auth).');
}

/**
 * Answers Talkdesk's calls, `path` being the request URL's CALL_PATH match: every step above, then the endpoint; every
 * refusal a JSON error, every call logged.
 */
export function talkdeskCalls(context: PublicContext): (request: CallRequest, response: ServerResponse, path: RegExpExecArray) => void {
  const endpoints = publicEndpoints(context);
  const checkAllowList = allowListCheck(context);
  const answerCall = async (request: CallRequest, response: ServerResponse, path: RegExpExecArray, call: PublicCall): Promise<void> => {
    identify(context, request, path, call);
    await readJsonBody(request, response);
    call.envelope = envelopeOf(request);
    checkAllowList(request, call);
    await authenticate(context, request, call);
    const runtime = runtimeOf(call);
    if (!(await holdSlot(call.endpoint === 'contacts' ? runtime.syncAdmission : runtime.admission, response))) return;
    const endpoint = endpoints.get(call.endpoint);
    if (!endpoint) throw new BridgeError('not_found', `There is nothing at ${request.method ?? ''} ${pathOf(request)}.`);
    call.endpointRan = true;
    await endpoint(request, response, call);
  };
  return (request, response, path) => {
    const call = new PublicCall();
    logWhenAnswered(context, request, response, call);
    answerCall(request, response, path, call).catch((error: unknown) => {
      if (response.headersSent) {
        context.logger.error({ err: error, path: pathOf(request) }, 'request failed after its answer began');
        response.destroy();
        return;
      }
      call.errorCode = answerError(context.logger, request, response, error, { actionErrors: call.endpointRan && call.endpoint === 'actions' });
    });
  };
}
