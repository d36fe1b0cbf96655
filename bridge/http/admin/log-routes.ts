// The request log for the dashboard: paged and filtered, one entry's detail, and replay of a logged call.
import { Router } from 'express';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import { parseOrThrow } from '../../validation.js';
import type { LocalCaller } from './local-calls.js';
import { idParamSchema, logQuerySchema } from './schemas.js';

const REPLAYABLE = /^\/integrations\/[^/?]+(\/(auth|contacts|interactions|agents|actions\/[A-Za-z0-9_]+))(\?.*)?$/;

export function logRoutes(context: BridgeContext, caller: LocalCaller): Router {
  const router = Router();

  router.get('/requests', async (request, response) => {
    const query = parseOrThrow(logQuerySchema, request.query, 'invalid_request', 'The query is not valid');
    const entries = await context.requestLog.list({
      integration: query.integration, endpoint: query.endpoint, status: query.status, beforeId: query.before, limit: query.limit + 1,
    });
    const page = entries.slice(0, query.limit).map(({ body: _body, ...summary }) => summary);
    const last = page.at(-1);
    response.json({ entries: page, ...(entries.length > query.limit && last ? { nextBefore: last.id } : {}) });
  });

  router.get('/requests/:id', async (request, response) => {
    const id = parseOrThrow(idParamSchema, request.params.id, 'invalid_request', 'The request id is not valid');
    const entry = await context.requestLog.get(id);
    if (!entry) throw new BridgeError('not_found', `There is no logged request ${id}.`);
    response.json(entry);
  });

  /** Sends the logged body again to the local public app; the new call lands in the log like any other. */
  router.post('/requests/:id/replay', async (request, response) => {
    const id = parseOrThrow(idParamSchema, request.params.id, 'invalid_request', 'The request id is not valid');
    const entry = await context.requestLog.get(id);
    if (!entry) throw new BridgeError('not_found', `There is no logged request ${id}.`);
    const match = REPLAYABLE.exec(entry.path);
    if (!entry.integration || !match || entry.method !== 'POST') {
      throw new BridgeError('invalid_request', 'Only Talkdesk calls to a known integration can be replayed.');
    }
    const body = (entry.body ?? {}) as { meta?: unknown; data?: unknown; truncated?: boolean };
    if (body.truncated) throw new BridgeError('invalid_request', 'This call\'s body was too large to keep, so it cannot be replayed.');
    if (entry.bodyExact === false) {
      throw new BridgeError('invalid_request', 'The log keeps this call\'s body only in part (a long value was cut or a password-like field removed), so a replay would not send what Talkdesk sent. Make the call again from Talkdesk instead.');
    }
    const result = await caller.withBaseUrl((baseUrl) => caller.post(baseUrl, entry.integration!, match[1]!, body, 'replay'));
    await context.requestLog.flush();
    const [latest] = await context.requestLog.list({ integration: entry.integration, limit: 1 });
    response.json({ ...result, logId: latest?.id });
  });

  return router;
}
