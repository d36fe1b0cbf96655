// Credentials on Talkdesk calls: `auth.api_key` in the body, or X-API-Key / Basic auth (Talkdesk Connections).
import type { IncomingHttpHeaders } from 'node:http';

/** The key a request presents, from the body first, then X-API-Key, then Basic auth (password, or user alone). */
export function presentedKey(headers: IncomingHttpHeaders, auth: Record<string, unknown> | null | undefined): string | undefined {
  const fromBody = auth?.api_key;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const header = headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value) return value;
  const authorization = headers.authorization;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return password || user || undefined;
  }
  return undefined;
}
