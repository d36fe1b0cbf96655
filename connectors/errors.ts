// Typed database errors: a code the UI and the HTTP layer act on, a message a non-developer understands.

export type ConnectorErrorCode =
  | 'db_auth_failed'
  | 'db_unreachable'
  | 'db_not_found'
  | 'db_tls'
  | 'db_driver_missing'
  | 'db_unavailable'
  | 'db_timeout'
  | 'db_query_failed'
  | 'db_invalid_source'
  | 'db_unsupported';

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

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
