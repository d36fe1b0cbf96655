// Reads a JSON request body within bounds of size, nesting and width, and turns every failure to read it into a coded error.
import * as zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import { bodyReadError } from './errors.js';
import { jsonPastLimits, type JsonLimits } from './json-shape.js';

/**
 * Talkdesk's bodies nest three levels (body, meta, interaction_types); `meta.context` echoes what the bridge sent
 * (null). 32 leaves ample room, and keeps every later recursive step (validation, serializing an answer or a log
 * entry, copying a message to another process) thousands of levels away from a stack overflow.
 */
export const MAX_JSON_DEPTH = 32;
/**
 * Talkdesk sends a few keys per object and at most 50 phones, e-mails or types per list. Past this a body is refused
 * unparsed: a megabyte of tiny members costs tens of milliseconds to parse, a megabyte of text a few.
 */
export const MAX_JSON_MEMBERS = 1000;

/** What body-parser inflates (zstd where this Node has it). */
const ACCEPTED_ENCODINGS = `gzip, deflate, br${'createZstdDecompress' in zlib ? ', zstd' : ''}`;

/** Thrown while the body is read: body-parser keeps the `type` and the error handler maps it. */
class BodyRefused extends Error {
  constructor(readonly type: 'entity.too.deep' | 'entity.too.wide' | 'charset.unsupported', message: string) {
    super(message);
  }
}

/** Refuses a body before it is parsed: only UTF-8 (as RFC 8259 asks), within the limits of nesting and members. */
function checkBody(limits: JsonLimits) {
  return (_request: unknown, _response: unknown, bytes: Buffer, encoding: string) => {
    if (encoding !== 'utf-8' && encoding !== 'utf8') throw new BodyRefused('charset.unsupported', `charset ${encoding}`);
    const past = jsonPastLimits(bytes, limits);
    if (past === 'too_deep') throw new BodyRefused('entity.too.deep', `nested deeper than ${limits.maxDepth}`);
    if (past === 'too_wide') throw new BodyRefused('entity.too.wide', `more than ${limits.maxMembers} members`);
  };
}

/** The JSON body parser of an app: at most 1 MB (after decompression) within the JSON limits, any content type unless told. */
export function jsonBody(options: { limits?: JsonLimits; type?: string | (() => boolean) } = {}): RequestHandler {
  const limits = options.limits ?? { maxDepth: MAX_JSON_DEPTH, maxMembers: MAX_JSON_MEMBERS };
  const parse = express.json({ limit: '1mb', type: options.type ?? (() => true), verify: checkBody(limits) });
  return (request, response, next) => {
    parse(request, response, (error?: unknown) => {
      if (error === undefined) return next();
      const refusal = bodyReadError(error, request.headers['content-encoding'], limits);
      if (refusal.code === 'unsupported_encoding') response.setHeader('Accept-Encoding', ACCEPTED_ENCODINGS);
      next(refusal);
    });
  };
}

const talkdeskBody = jsonBody();

/** Reads a Talkdesk call's body into `request.body` within the limits; rejects with the coded error that says why not. */
export function readJsonBody(request: IncomingMessage & { body?: unknown }, response: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    // body-parser reads a plain Node request: it needs only its headers and stream.
    talkdeskBody(request as Parameters<RequestHandler>[0], response as Parameters<RequestHandler>[1], (error?: unknown) => (error === undefined ? resolve() : reject(error)));
  });
}
