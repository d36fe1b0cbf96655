// The one error handler: every failure becomes `{ "error": { "code", "message" } }` with its status, never a stack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BridgeError, toPublicError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JsonLimits } from './json-shape.js';

/**
 * What went wrong reading a request body (body-parser's failures carry a `type`; a decompression stream's do not),
 * as a coded error: every one is the caller's doing, so none is a 500.
 */
export function bodyReadError(error: unknown, contentEncoding: string | undefined, limits: JsonLimits): BridgeError {
  const type = (error as { type?: string }).type;
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  switch (type) {
    case 'entity.parse.failed':
      return new BridgeError('bad_json', 'The request body is not valid JSON.');
    case 'entity.too.deep':
      return new BridgeError('too_deep', `The request body nests objects or arrays more than ${limits.maxDepth} levels deep; Talkdesk's requests nest at most a few.`);
    case 'entity.too.wide':
      return new BridgeError('too_wide', `The request body has an object or array of more than ${limits.maxMembers} members; Talkdesk's requests have a few.`);
    case 'entity.too.large':
      return new BridgeError('body_too_large', 'The request body is larger than 1 MB.');
    case 'encoding.unsupported':
      return new BridgeError('unsupported_encoding', `The request body's Content-Encoding "${encoding.slice(0, 40)}" is not supported; send it uncompressed, or compressed with gzip, deflate or br.`);
    case 'charset.unsupported':
      return new BridgeError('unsupported_media_type', 'The request body must be UTF-8 JSON.');
    case 'request.aborted': case 'request.size.invalid': case 'stream.encoding.set': case 'stream.not.readable':
      return new BridgeError('invalid_request', 'The request body could not be read.');
  }
  if (encoding !== 'identity') {
    return new BridgeError('bad_encoding', `The request body could not be decompressed as its Content-Encoding "${encoding.slice(0, 40)}" says; it is damaged or not compressed that way.`);
  }
  return new BridgeError('invalid_request', 'The request body could not be read.');
}

/** A request's path without its query, as the logs name it. */
export function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Answers a failed call with its error as JSON and returns the error's code. An action's error keeps a `message` beside
 * the error object, as Talkdesk shows an action's `message`.
 */
export function answerError(logger: Logger, request: IncomingMessage, response: ServerResponse, error: unknown, options: { actionErrors?: boolean } = {}): string {
  const answer = toPublicError(error);
  if (answer.status >= 500) logger.error({ err: error, path: pathOf(request) }, 'request failed');
  else logger.debug({ code: answer.body.error.code, path: pathOf(request) }, 'request refused');
  const body = JSON.stringify(options.actionErrors ? { message: answer.body.error.message, ...answer.body } : answer.body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (answer.retryAfterSeconds) headers['retry-after'] = String(answer.retryAfterSeconds);
  response.writeHead(answer.status, headers);
  response.end(body);
  return answer.body.error.code;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    answerError(logger, request, response, error);
  };
}

/** Unknown paths get a JSON 404 like every other error. */
export const notFound: RequestHandler = (request, _response, next) => {
  next(new BridgeError('not_found', `There is nothing at ${request.method} ${request.path}.`));
};
