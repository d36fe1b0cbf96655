// The public app: the Talkdesk endpoints of every integration and GET /health; the only app the tunnel forwards.
import type { BlockList } from 'node:net';
import express, { type Request, type RequestHandler } from 'express';
import { parseCidrs } from '../addresses.js';
import type { PublicContext } from '../context.js';
import { BridgeError } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { admit } from './admission.js';
import { brandRoutes } from './brand/routes.js';
import { CALL_ORIGIN_HEADER, callOriginOf } from './call-origin.js';
import { chain } from './chain.js';
import { callerAddress, rateLimited, refuseUnlisted } from './guards.js';
import { presentedKey } from './auth.js';
import { errorHandler, methodNotAllowed, notFound } from './errors.js';
import { jsonBody } from './json-body.js';
import { callOf, runtimeOf, type Envelope } from './public-call.js';
import { publicEndpoints } from './public-endpoints.js';
import { logRequests } from './request-logging.js';
import { envelopeSchema } from './requests.js';

export { REQUEST_DEADLINE_MS } from './public-endpoints.js';

/** The integration's IP allow-list (CIDRs), when it has one, checked against the caller's address as far as it is vouched for. */
function allowListed(context: PublicContext): RequestHandler {
  const lists = new Map<string, BlockList>();
  return (request, response, next) => {
    const cidrs = runtimeOf(callOf(response)).config.allowIps;
    if (!cidrs || cidrs.length === 0) return next();
    const cacheKey = cidrs.join(',');
    let allowed = lists.get(cacheKey);
    if (!allowed) {
      allowed = parseCidrs(cidrs);
      lists.set(cacheKey, allowed);
    }
    next(refuseUnlisted(allowed, callerAddress(request, context.trustedForwarders())));
  };
}

function envelope(request: Request): Envelope {
  const body: unknown = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BridgeError('invalid_request', 'The request body must be a JSON object.');
  const parsed = parseOrThrow(envelopeSchema, body, 'invalid_request', 'The request body is not valid');
  return { auth: parsed.auth ?? {}, meta: parsed.meta ?? {}, data: parsed.data ?? {} };
}

/**
 * An endpoint's path below the integration: the endpoint, and the action of /actions/NAME. Known before auth, so
 * refused calls are logged against the endpoint they tried; a path that is none of these is logged as "unknown".
 */
const ENDPOINT_PATH = /^\/(?:(auth|contacts|interactions|agents)|(actions)\/([^/]+))\/?$/i;

/** The call's endpoint and integration, before its body is read: POST only; an unknown integration is refused unread. */
function identify(context: PublicContext): RequestHandler {
  return (request, response, next) => {
    const call = callOf(response);
    if (request.method !== 'POST') return methodNotAllowed(request, response, next);
    // As Express routes match: any case, one trailing slash allowed.
    const match = ENDPOINT_PATH.exec(request.path);
    call.endpoint = (match?.[1] ?? match?.[2])?.toLowerCase() ?? 'unknown';
    // The integration before the body, once for the whole call: a call with a broken body is logged against it.
    const runtime = context.runtime(String(request.params.id));
    if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${String(request.params.id)}".`);
    call.runtime = runtime;
    if (match?.[3] !== undefined) {
      try {
        call.action = decodeURIComponent(match[3]);
      } catch {
        throw new BridgeError('invalid_request', 'The action name in the path is not valid URL encoding.');
      }
    }
    next();
  };
}

/**
 * Only failures count and only failures are refused: a valid key always passes, so a flood of bad guesses through a
 * tunnel that hides callers' addresses (they then share one count) cannot lock Talkdesk out.
 */
function authenticate(context: PublicContext): RequestHandler {
  return async (request, response, next) => {
    const call = callOf(response);
    const runtime = runtimeOf(call);
    if (runtime.config.auth.type === 'none') return next();
    const key = presentedKey(request, call.envelope!.auth);
    const match = key ? await context.apiKeys.verify(runtime.config.id, key) : undefined;
    if (match) {
      call.internalCall = match.internal;
      // Only the bridge's own short-lived key may say which of its calls this is (a header anyone else sends is ignored).
      if (match.internal) call.origin = callOriginOf(request.get(CALL_ORIGIN_HEADER));
      return next();
    }
    const wait = await context.authFailed(callerAddress(request, context.trustedForwarders()));
    next(wait !== undefined ? rateLimited(wait) : new BridgeError('unauthorized',
      key ? 'The API key is not valid for this integration.' : 'An API key is required (auth.api_key, X-API-Key or Basic auth).'));
  };
}

export function createPublicApp(context: PublicContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use(logRequests(context));
  const endpoints = publicEndpoints(context);

  // Before any endpoint runs: POST only, the integration, the JSON body, its allow-list, credentials, a slot. One
  // layer with a table of endpoints rather than a router of routes: the matching is paid once per call. It comes
  // before /health and the brand images, so Talkdesk's calls do not walk their routes first.
  app.use('/integrations/:id', chain([
    identify(context),
    jsonBody(),
    (request, response, next) => {
      callOf(response).envelope = envelope(request);
      next();
    },
    allowListed(context),
    authenticate(context),
    admit((_request, response) => {
      const call = callOf(response);
      return call.endpoint === 'contacts' ? runtimeOf(call).syncAdmission : runtimeOf(call).admission;
    }),
    (request, response, next) => {
      const endpoint = callOf(response).endpoint;
      if (endpoint === 'actions') response.locals.actionErrors = true;
      const run = endpoints.get(endpoint);
      if (run) return run(request, response, next);
      next();
    },
  ]));

  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(brandRoutes());
  app.use(notFound);
  app.use(errorHandler(context.logger));
  return app;
}
