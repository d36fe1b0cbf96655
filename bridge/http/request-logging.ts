// Records every Talkdesk call in the bounded request log (credentials removed) once its answer is sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublicContext } from '../context.js';
import { summarizeBody, summarizeBodyExactly } from '../state/log-summary.js';
import { MAX_PATH_CHARS } from '../state/request-log.js';
import type { PublicCall } from './public-call.js';

export function logWhenAnswered(context: PublicContext, request: IncomingMessage, response: ServerResponse, call: PublicCall): void {
  response.on('finish', () => {
    const envelope = call.envelope;
    const { summary, exact } = envelope
      ? summarizeBodyExactly({ meta: envelope.meta, data: envelope.data }) as { summary: Record<string, unknown>; exact: boolean }
      : { summary: undefined, exact: undefined };
    // Inputs an action call sent that the action does not declare: kept beside the body, so a renamed input is seen.
    const ignored = call.ignoredInputs && call.ignoredInputs.length > 0 ? summarizeBody({ ignoredInputs: call.ignoredInputs }) as object : undefined;
    context.requestLog.add({
      at: new Date().toISOString(),
      integration: call.runtime?.config.id,
      endpoint: call.endpoint,
      method: request.method ?? 'POST',
      path: (request.url ?? '').slice(0, MAX_PATH_CHARS),
      status: response.statusCode,
      durationMs: Number(process.hrtime.bigint() - call.started) / 1e6,
      records: call.records,
      sourceIp: request.socket.remoteAddress,
      errorCode: call.errorCode,
      // Whatever answered it (the action's own process or this one's deadline), an unknown outcome is marked.
      writeOutcome: call.writeOutcome ?? (call.errorCode === 'outcome_unknown' ? 'unknown' : undefined),
      // Only a bounded summary of meta and data, made now: nothing waiting to be logged holds a body, and `auth`
      // never reaches the log.
      body: summary ? (ignored ? { ...summary, ...ignored } : summary) : undefined,
      // A replay sends the logged body: only one that kept meta and data whole may be replayed.
      bodyExact: exact,
      origin: call.origin,
    });
  });
}
