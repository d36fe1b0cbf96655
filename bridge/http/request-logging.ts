// Records every Talkdesk call in the bounded request log (credentials removed) once its answer is sent.
import type { RequestHandler } from 'express';
import type { PublicContext } from '../context.js';
import { summarizeBody, summarizeBodyExactly } from '../state/log-summary.js';
import { MAX_PATH_CHARS, type CallOrigin, type WriteOutcome } from '../state/request-log.js';

/** Inputs an action call sent that the action does not declare: kept beside the body, so a renamed input is seen. */
function ignoredInputs(keys: unknown): { ignoredInputs?: string[] } {
  return Array.isArray(keys) && keys.length > 0 ? { ignoredInputs: keys as string[] } : {};
}

export function logRequests(context: PublicContext): RequestHandler {
  return (request, response, next) => {
    if (!request.path.startsWith('/integrations/')) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const envelope = response.locals.envelope as { meta: unknown; data: unknown } | undefined;
      const { summary, exact } = envelope
        ? summarizeBodyExactly({ meta: envelope.meta, data: envelope.data }) as { summary: Record<string, unknown>; exact: boolean }
        : { summary: undefined, exact: undefined };
      context.requestLog.add({
        at: new Date().toISOString(),
        integration: response.locals.integration as string | undefined,
        endpoint: (response.locals.endpoint as string | undefined) ?? 'unknown',
        method: request.method,
        path: request.originalUrl.slice(0, MAX_PATH_CHARS),
        status: response.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        records: response.locals.records as number | undefined,
        sourceIp: request.socket.remoteAddress,
        errorCode: response.locals.errorCode as string | undefined,
        // Whatever answered it (the action's own process or this one's deadline), an unknown outcome is marked.
        writeOutcome: (response.locals.writeOutcome as WriteOutcome | undefined) ?? (response.locals.errorCode === 'outcome_unknown' ? 'unknown' : undefined),
        // Only a bounded summary of meta and data, made now: nothing waiting to be logged holds a body, and `auth`
        // never reaches the log.
        body: summary ? { ...summary, ...summarizeBody(ignoredInputs(response.locals.ignoredInputs)) as object } : undefined,
        // A replay sends the logged body: only one that kept meta and data whole may be replayed.
        bodyExact: exact,
        origin: response.locals.callOrigin as CallOrigin | undefined,
      });
    });
    next();
  };
}
