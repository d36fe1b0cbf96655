// Values and failures drivers share: dates kept at full precision, socket errors in plain words.
import type { ConnectionConfig } from './connector.js';
import { ConnectorError } from './errors.js';

/**
 * A date or datetime as a driver read it: `iso` is what the bridge sees (UTC ISO-8601, full precision),
 * `bound` the text the database reads back exactly when a keyset cursor binds it again.
 */
export class DriverDate {
  constructor(readonly iso: string, readonly bound: string) {}
}

/** Turns `YYYY-MM-DD HH:MM:SS[.f…][+00[:00]]` (a UTC database text) into ISO-8601 with Z, keeping every digit. */
export function isoFromDatabaseText(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]00(?::?00)?)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}T${match[2]}${match[3] ?? '.000'}Z`;
}

/** Codes and messages of an error and the errors it wraps (cause, AggregateError), where drivers hide socket codes. */
function describeChain(error: unknown, depth = 0): string {
  if (error === null || typeof error !== 'object' || depth > 3) return '';
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const nested = Array.isArray(errors) ? errors.map((inner) => describeChain(inner, depth + 1)).join(' ') : '';
  return `${String(code ?? '')} ${String(message ?? '')} ${describeChain(cause, depth + 1)} ${nested}`;
}

/** Network failures every driver reports alike (Node socket error codes). */
export function classifyNetworkError(error: unknown, config: ConnectionConfig): ConnectorError | undefined {
  const code = describeChain(error);
  const where = `${config.host ?? 'localhost'}:${config.port ?? 'default port'}`;
  if (/ECONNREFUSED/.test(code)) {
    return new ConnectorError('db_unreachable', `Nothing answers at ${where}: check that the database server is running and the port is right.`, { cause: error });
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(code)) {
    return new ConnectorError('db_unreachable', `The host name "${config.host}" is not known: check its spelling.`, { cause: error });
  }
  if (/EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET/.test(code)) {
    return new ConnectorError('db_unreachable', `${where} cannot be reached: check the address and any firewall between here and the database.`, { cause: error });
  }
  return undefined;
}
