// Records every Talkdesk call in the bounded request log (credentials removed) once its answer is sent.
import type { RequestHandler } from 'express';
import type { PublicContext } from '../context.js';
import { summarizeBody, summarizeBodyExactly } from '../state/log-summary.js';
import { MAX_PATH_CHARS } from '../state/request-log.js';
import { callOf } from './public-call.js';

export function logRequests(context: PublicContext): RequestHandler {
  return (request, response, next) => {
    if (!request.path.startsWith('/integrations/')) {
      next();
      return;
    }
    const call = callOf(response);
    response.on('finish', () => {
      const envelope = call.envelope;
      const { summary, exact } = envelope
        ? summarizeBodyExactly({ meta: envelope.meta, data: envelope.data }) as { summary: Record<string, unknown>; exact: boolean }
        : { summary: undefined, exact: undefined };
      // Inputs an action call sent that the action does not declare: kept beside the body, so a renamed input is seen.
      const ignored = call.ignoredInputs && call.ignoredInputs.length > 0 ? summarizeBody({ ignoredInputs: call.ignoredInputs }) as object : undefined;
      const errorCode = response.locals.errorCode as string | undefined;
      context.requestLog.add({
        at: new Date().toISOString(),
        integration: call.runtime?.config.id,
        endpoint: call.endpoint,
        method: request.method,
        path: request.originalUrl.slice(0, MAX_PATH_CHARS),
        status: response.statusCode,
        durationMs: Number(process.hrtime.bigint() - call.started) / 1e6,
        records: call.records,
        sourceIp: request.socket.remoteAddress,
        errorCode,
        // Whatever answered it (the action's own process or this one's deadline), an unknown outcome is marked.
        writeOutcome: call.writeOutcome ?? (errorCode === 'outcome_unknown' ? 'unknown' : undefined),
        // Only a bounded summary of meta and data, made now: nothing waiting to be logged holds a body, and `auth`
        // never reaches the log.
        body: summary ? (ignored ? { ...summary, ...ignored } : summary) : undefined,
        // A replay sends the logged body: only one that kept meta and data whole may be replayed.
        bodyExact: exact,
        origin: call.origin,
      });
    });
    next();
  };
}
