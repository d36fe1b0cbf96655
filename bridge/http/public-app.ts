// The public app: the Talkdesk endpoints of every integration and GET /health; the only app the tunnel forwards.
import type { BlockList } from 'node:net';
import express, { type Request, type Response } from 'express';
import { parseCidrs } from '../addresses.js';
import type { PublicContext } from '../context.js';
import { outcomeUnknown, type ActionAnswer } from '../action-outcomes.js';
import { settleWithin } from '../deadline.js';
import { BridgeError } from '../errors.js';
import type { IntegrationRuntime } from '../integration.js';
import { parseOrThrow } from '../validation.js';
import { admit } from './admission.js';
import { brandRoutes } from './brand/routes.js';
import { CALL_ORIGIN_HEADER, callOriginOf } from './call-origin.js';
import { chain } from './chain.js';
import { callerAddress, rateLimited, refuseUnlisted } from './guards.js';
import { presentedKey } from './auth.js';
import { errorHandler, methodNotAllowed, notFound } from './errors.js';
import { jsonBody } from './json-body.js';
import { logRequests } from './request-logging.js';
import { actionRequestSchema, agentsMetaSchema, envelopeSchema, interactionRequestSchema, syncMetaSchema } from './requests.js';


/** The integration's IP allow-list (CIDRs), when it has one, checked against the caller's address as far as it is vouched for. */
function allowListed(context: PublicContext): express.RequestHandler {
  const lists = new Map<string, BlockList>();
  return (request, response, next) => {
    const cidrs = (response.locals.runtime as IntegrationRuntime).config.allowIps;
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

interface Envelope { auth: Record<string, unknown>; meta: Record<string, unknown>; data: Record<string, unknown> }

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

function envelope(request: Request): Envelope {
  const body: unknown = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BridgeError('invalid_request', 'The request body must be a JSON object.');
  const parsed = parseOrThrow(envelopeSchema, body, 'invalid_request', 'The request body is not valid');
  return { auth: parsed.auth ?? {}, meta: parsed.meta ?? {}, data: parsed.data ?? {} };
}

/**
 * An action call as Talkdesk Connections makes it: its inputs at the top level of the body, no `meta` or `data`.
 * They are taken as the action's `data` (and logged so); a Talkdesk Integrations call is left as it is.
 */
function connectionsStyle(request: Request, body: Envelope): Envelope {
  const raw = request.body as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object' || 'meta' in raw || 'data' in raw) return body;
  const { auth: _auth, ...inputs } = raw;
  body.data = inputs;
  return body;
}

/**
 * An endpoint's path below the integration: the endpoint, and the action of /actions/NAME. Known before auth, so
 * refused calls are logged against the endpoint they tried; a path that is none of these is logged as "unknown".
 */
const ENDPOINT_PATH = /^\/(?:(auth|contacts|interactions|agents)|(actions)\/([^/]+))\/?$/i;

export function createPublicApp(context: PublicContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use(logRequests(context));

  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(brandRoutes());

  type Work = (runtime: IntegrationRuntime, body: Envelope, request: Request, response: Response) => Promise<Answer>;
  // A read past the deadline can be tried again; an action past it may have been written (its late answer is unknown).
  const handle = (work: Work, late: () => BridgeError = readsTooLate) => async (request: Request, response: Response) => {
    const runtime = response.locals.runtime as IntegrationRuntime;
    const remaining = REQUEST_DEADLINE_MS - (Date.now() - (response.locals.receivedAt as number));
    const answer = await withDeadline(work(runtime, response.locals.envelope as Envelope, request, response), remaining, late);
    if (answer.records !== undefined) response.locals.records = answer.records;
    const json = answer.json ?? JSON.stringify(answer.body);
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  };

  const endpoints = new Map<string, express.RequestHandler>([
    ['auth', handle(async () => ({ body: {} }))],

    ['contacts', handle(async (runtime, body, _request, response) => {
      const meta = parseOrThrow(syncMetaSchema, body.meta, 'invalid_request', 'The request is not valid', ['meta']);
      // Sync statistics are Talkdesk's runs: the bridge's own calls (a self-test reads one page) are left out.
      return context.contactPage(runtime.config.id, meta, !response.locals.internalCall);
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

    ['actions', handle(async (runtime, body, request, response) => {
      const { meta, data } = parseOrThrow(actionRequestSchema, connectionsStyle(request, body), 'invalid_request', 'The request is not valid');
      const clean = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null));
      response.locals.ignoredInputs = runtime.actions.get(response.locals.action as string)?.ignoredInputs(data);
      const receivedAt = response.locals.receivedAt as number;
      const timing = { receivedAt, answerBy: receivedAt + REQUEST_DEADLINE_MS - ACTION_ANSWER_MARGIN_MS };
      let answer: ActionAnswer;
      try {
        answer = await context.runAction(runtime.config.id, response.locals.action as string, { meta: clean(meta), data: clean(data) }, timing);
      } catch (error) {
        // A repeat answered from an earlier identical call names that call's time.
        if (error instanceof BridgeError && error.details?.first_call_at !== undefined) response.locals.writeOutcome = 'repeat';
        throw error;
      }
      if (answer.repeated) response.locals.writeOutcome = 'repeat';
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
    }, outcomeUnknown)],
  ]);

  // Before any endpoint runs: POST only, the integration, the JSON body, its allow-list, credentials, a slot. One
  // layer with a table of endpoints rather than a router of routes: the matching is paid once per call.
  app.use('/integrations/:id', chain([
    (request, response, next) => {
      response.locals.receivedAt = Date.now();
      if (request.method !== 'POST') return methodNotAllowed(request, response, next);
      // As Express routes match: any case, one trailing slash allowed.
      const match = ENDPOINT_PATH.exec(request.path);
      response.locals.endpoint = (match?.[1] ?? match?.[2])?.toLowerCase() ?? 'unknown';
      // The integration before the body, once for the whole call: a call with a broken body is logged against it,
      // and one for no integration is refused unread.
      const runtime = context.runtime(String(request.params.id));
      if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${String(request.params.id)}".`);
      response.locals.runtime = runtime;
      response.locals.integration = runtime.config.id;
      if (match?.[3] !== undefined) {
        try {
          response.locals.action = decodeURIComponent(match[3]);
        } catch {
          throw new BridgeError('invalid_request', 'The action name in the path is not valid URL encoding.');
        }
      }
      next();
    },
    jsonBody(),
    // Check credentials before anything else runs.
    (request, response, next) => {
      response.locals.envelope = envelope(request);
      next();
    },
    allowListed(context),
    // Only failures count and only failures are refused: a valid key always passes, so a flood of bad guesses
    // through a tunnel that hides callers' addresses (they then share one count) cannot lock Talkdesk out.
    async (request, response, next) => {
      const runtime = response.locals.runtime as IntegrationRuntime;
      if (runtime.config.auth.type === 'none') return next();
      const key = presentedKey(request, (response.locals.envelope as Envelope).auth);
      const match = key ? await context.apiKeys.verify(runtime.config.id, key) : undefined;
      if (match) {
        response.locals.internalCall = match.internal;
        // Only the bridge's own short-lived key may say which of its calls this is (a header anyone else sends is ignored).
        if (match.internal) response.locals.callOrigin = callOriginOf(request.get(CALL_ORIGIN_HEADER));
        return next();
      }
      const wait = await context.authFailed(callerAddress(request, context.trustedForwarders()));
      next(wait !== undefined ? rateLimited(wait) : new BridgeError('unauthorized',
        key ? 'The API key is not valid for this integration.' : 'An API key is required (auth.api_key, X-API-Key or Basic auth).'));
    },
    admit((_request, response) => {
      const runtime = response.locals.runtime as IntegrationRuntime;
      return response.locals.endpoint === 'contacts' ? runtime.syncAdmission : runtime.admission;
    }),
    (request, response, next) => {
      const endpoint = response.locals.endpoint as string;
      if (endpoint === 'actions') response.locals.actionErrors = true;
      const run = endpoints.get(endpoint);
      if (run) return run(request, response, next);
      next();
    },
  ]));
  app.use(notFound);
  app.use(errorHandler(context.logger));
  return app;
}
