// The one error handler: every failure becomes `{ "error": { "code", "message" } }` with its status, never a stack.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BridgeError, toPublicError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Maps body-parser failures (which carry a `type`) to bridge errors. */
function fromBodyParser(error: unknown): BridgeError | undefined {
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') return new BridgeError('bad_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new BridgeError('body_too_large', 'The request body is larger than 1 MB.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new BridgeError('unsupported_media_type', 'The request body must be UTF-8 JSON.');
  }
  if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'stream.encoding.set') {
    return new BridgeError('invalid_request', 'The request body could not be read.');
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const known = fromBodyParser(error) ?? error;
    const answer = toPublicError(known);
    if (answer.status >= 500) logger.error({ err: error, path: request.path }, 'request failed');
    else logger.debug({ code: answer.body.error.code, path: request.path }, 'request refused');
    response.locals.errorCode = answer.body.error.code;
    if (answer.retryAfterSeconds) response.setHeader('Retry-After', String(answer.retryAfterSeconds));
    // Talkdesk shows an action's `message`; keep it beside our error object there.
    const body = response.locals.actionErrors ? { message: answer.body.error.message, ...answer.body } : answer.body;
    response.status(answer.status).json(body);
  };
}

/** Unknown paths get a JSON 404 like every other error. */
export const notFound: RequestHandler = (request, _response, next) => {
  next(new BridgeError('not_found', `There is nothing at ${request.method} ${request.path}.`));
};

/** A path that exists but not for this method. */
export const methodNotAllowed: RequestHandler = (request, _response, next) => {
  next(new BridgeError('method_not_allowed', `${request.method} is not allowed here; use POST.`));
};
