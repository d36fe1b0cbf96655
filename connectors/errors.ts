// Typed database errors: a code the UI and the HTTP layer act on, a message a non-developer understands.

export const CONNECTOR_ERROR_CODES = [
  'db_auth_failed', 'db_unreachable', 'db_not_found', 'db_tls', 'db_driver_missing', 'db_unavailable', 'db_timeout',
  'db_query_failed', 'db_invalid_source', 'db_unsupported', 'db_outcome_unknown',
] as const;

export type ConnectorErrorCode = typeof CONNECTOR_ERROR_CODES[number];

export function isConnectorErrorCode(code: unknown): code is ConnectorErrorCode {
  return (CONNECTOR_ERROR_CODES as readonly unknown[]).includes(code);
}

/** An error raised by a connector; `cause` keeps the driver's own error for logs. */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  constructor(code: ConnectorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorError';
    this.code = code;
  }
}

/** Codes that mean "the database cannot answer now": the bridge answers 503 and retries later. */
export const UNAVAILABLE_CODES: ReadonlySet<ConnectorErrorCode> = new Set([
  'db_auth_failed', 'db_unreachable', 'db_not_found', 'db_tls', 'db_driver_missing', 'db_unavailable', 'db_timeout',
]);

/** What a caller is told when the database did not answer within `ms`. */
export function noAnswerWithin(ms: number): string {
  return `The database did not answer within ${(ms / 1000).toFixed(1)} s.`;
}

/** What a caller is told when no connection became free within `ms`. */
export function noConnectionWithin(ms: number): string {
  return `No database connection became free within ${(ms / 1000).toFixed(1)} s; the database may be down or overloaded.`;
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
