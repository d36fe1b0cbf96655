// The public app: the Talkdesk endpoints of every integration and GET /health; the only app the tunnel forwards.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express from 'express';
import type { PublicContext } from '../context.js';
import { brandRoutes } from './brand/routes.js';
import { errorHandler, notFound } from './errors.js';
import { CALL_PATH, talkdeskCalls } from './talkdesk-calls.js';

export { REQUEST_DEADLINE_MS } from './public-endpoints.js';

/**
 * Talkdesk's calls go straight to their steps on node:http; the rest (/health, the brand images Talkdesk shows, and
 * a JSON 404 for anything else) to a small Express app. Express cost about 150 µs of CPU a call, a fifth of a caller
 * lookup's (docs/PERFORMANCE.md), and its router and request objects add nothing these calls use.
 */
export function createPublicApp(context: PublicContext): RequestListener<typeof IncomingMessage, typeof ServerResponse> {
  const others = express();
  others.disable('x-powered-by');
  others.disable('etag');
  others.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  others.use(brandRoutes());
  others.use(notFound);
  others.use(errorHandler(context.logger));
  const calls = talkdeskCalls(context);
  return (request, response) => {
    const path = CALL_PATH.exec(request.url ?? '');
    if (path) calls(request, response, path);
    else others(request, response);
  };
}
