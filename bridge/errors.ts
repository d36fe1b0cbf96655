// Bridge errors: one code per thing that can go wrong, one mapping from code to HTTP status.
import { fromCallError, isConnectorError, UNAVAILABLE_CODES, type CallError } from '../connectors/index.js';

export const BRIDGE_ERROR_CODES = [
  'bad_json', 'too_deep', 'too_wide', 'bad_encoding', 'invalid_request', 'body_too_large', 'unsupported_media_type',
  'unsupported_encoding',
  'not_found', 'unknown_integration', 'unknown_action', 'method_not_allowed',
  'unauthorized', 'forbidden', 'rate_limited',
  'invalid_offset', 'missing_inputs', 'invalid_input',
  'contact_not_found', 'invalid_profile', 'invalid_argument', 'secret_missing', 'secrets_locked',
  'not_configured', 'overloaded', 'deadline_exceeded', 'outcome_unknown', 'service_failed', 'internal',
] as const;

export type BridgeErrorCode = typeof BRIDGE_ERROR_CODES[number];

export function isBridgeErrorCode(code: unknown): code is BridgeErrorCode {
  return (BRIDGE_ERROR_CODES as readonly unknown[]).includes(code);
}

const STATUS: Record<string, number> = {
  bad_json: 400, too_deep: 400, too_wide: 400, bad_encoding: 400, invalid_request: 400, invalid_offset: 400, missing_inputs: 400,
  invalid_input: 400, invalid_profile: 400, invalid_argument: 400, contact_not_found: 400,
  unauthorized: 401, forbidden: 403,
  not_found: 404, unknown_integration: 404, unknown_action: 404,
  method_not_allowed: 405, body_too_large: 413, unsupported_media_type: 415, unsupported_encoding: 415, rate_limited: 429,
  not_configured: 409, secret_missing: 500, secrets_locked: 500, service_failed: 500, internal: 500,
  overloaded: 503, deadline_exceeded: 503, db_query_failed: 502, db_invalid_source: 502, db_unsupported: 502,
  // The database may have applied the action: a 5xx that, unlike a 503, comes without Retry-After.
  outcome_unknown: 502, db_outcome_unknown: 502,
};

/** An error with a code the HTTP layer maps to a status; `details` travel in the public body. */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;
  constructor(
    code: BridgeErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown>; retryAfterSeconds?: number },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'BridgeError';
    this.code = code;
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export interface PublicError {
  status: number;
  body: { error: { code: string; message: string } & Record<string, unknown> };
  retryAfterSeconds?: number;
}

/** The status and body a caller sees for any error; unknown errors become a bare 500 without details. */
export function toPublicError(error: unknown): PublicError {
  if (error instanceof BridgeError) {
    return {
      status: STATUS[error.code] ?? 500,
      body: { error: { code: error.code, message: error.message, ...error.details } },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (isConnectorError(error)) {
    const unavailable = UNAVAILABLE_CODES.has(error.code);
    return {
      status: unavailable ? 503 : STATUS[error.code] ?? 502,
      body: { error: { code: error.code, message: error.message } },
      retryAfterSeconds: unavailable ? 5 : undefined,
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong inside the bridge; the log has the details.' } } };
}

/** An error that crossed from another thread or process, as its own type again: coded errors keep their code, others stay internal. */
export function errorFromCall(error: CallError): Error {
  if (isBridgeErrorCode(error.code)) {
    return new BridgeError(error.code, error.message, { retryAfterSeconds: error.retryAfterSeconds, details: error.details });
  }
  return fromCallError(error);
}
