// The error rules every dialect shares: socket failures, Knex's pool and query timeouts, a missing driver.
import type { ConnectionConfig } from './connector.js';
import { ConnectorError, noAnswerWithin, noConnectionWithin } from './errors.js';

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

/** Classifies what no dialect recognised itself; anything unknown is a query the database refused. */
export function classifyCommonError(error: unknown, config: ConnectionConfig): ConnectorError {
  const network = classifyNetworkError(error, config);
  if (network) return network;
  const message = error instanceof Error ? error.message : String(error);
  if (/Timeout acquiring a connection/i.test(message)) {
    return new ConnectorError('db_unavailable', noConnectionWithin(config.queryTimeoutMs), { cause: error });
  }
  if (/query timeout of \d+ms exceeded/i.test(message)) {
    return new ConnectorError('db_timeout', noAnswerWithin(config.queryTimeoutMs), { cause: error });
  }
  if (/Cannot find module|npm install/i.test(message)) {
    return new ConnectorError('db_driver_missing', `The ${config.dialect} driver is not installed with this copy of Deskbridge.`, { cause: error });
  }
  // Knex prefixes driver messages with the SQL text; keep only the driver's sentence.
  const driverMessage = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  return new ConnectorError('db_query_failed', `The database refused the query: ${driverMessage}`, { cause: error });
}
