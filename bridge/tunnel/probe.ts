// The end-to-end probe: one request to the public URL's health path, through the relay, classified.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';

/** What a probe found; `ok` means the request reached the bridge through the tunnel. */
export interface ProbeResult {
  ok: boolean;
  status?: number;
  detail: string;
}

export interface ProbeOptions {
  path?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Send the request to this address with the URL's Host header (like curl --connect-to), for relays whose names this machine cannot resolve. */
  connectTo?: { host: string; port: number };
  /** Certificates (PEM) trusted for the public URL besides the system's: a firewall that re-signs TLS, or a test's own edge. */
  ca?: string;
}

const BODY_LIMIT = 64 * 1024;

/** Names under .localhost are loopback (RFC 6761) even where the system resolver does not know them. */
const lookupWithLocalhost: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dnsLookup(hostname, options, callback);
};

/** One request to the public URL, as the probe and the Go live self-test make it. */
export interface PublicRequest extends Omit<ProbeOptions, 'path'> {
  method: 'GET' | 'POST';
  body?: string;
  /** Keeps at most this many bytes of the answer (the probe needs only the start). */
  bodyLimit?: number;
}

export interface PublicAnswer { status: number; contentType: string; body: string }

/** The answer started but did not finish (the request did reach something). */
export class AnswerBrokeOff extends Error {}

/** Sends one request to `target` honouring connectTo and ca; rejects when no answer came (the error says why). */
export function requestPublicUrl(target: URL, options: PublicRequest): Promise<PublicAnswer> {
  const client = target.protocol === 'https:' ? https : http;
  const limit = options.bodyLimit ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const request = client.request(target, {
      method: options.method,
      headers: { accept: 'application/json', ...options.headers, host: target.host },
      timeout: options.timeoutMs,
      lookup: lookupWithLocalhost,
      agent: false,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.connectTo ? { host: options.connectTo.host, port: options.connectTo.port, servername: target.hostname } : {}),
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < limit) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => reject(new AnswerBrokeOff(error.message)));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Requests `url` + health path and says whether the bridge answered, or what stood in its way. */
export async function probeUrl(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const target = new URL(options.path ?? '/health', url);
  try {
    const answer = await requestPublicUrl(target, { ...options, method: 'GET', bodyLimit: BODY_LIMIT });
    return classifyResponse(answer.status, answer.contentType, answer.body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnswerBrokeOff) return { ok: false, detail: `The probe's answer broke off: ${message}` };
    return { ok: false, detail: `The public URL ${target.origin} did not answer: ${message}` };
  }
}

/** Tells the bridge's JSON from a relay's reminder page, error page or bare error. */
export function classifyResponse(status: number, contentType: string, body: string): ProbeResult {
  if (/json/i.test(contentType)) {
    return { ok: true, status, detail: `The bridge answered through the tunnel (HTTP ${status}).` };
  }
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body)) {
    return { ok: false, status, detail: explainHtmlPage(status, body) };
  }
  const excerpt = body.trim().slice(0, 80);
  return { ok: false, status, detail: `The relay answered HTTP ${status}${excerpt ? ` ("${excerpt}")` : ''} without reaching the bridge: it does not know this tunnel or cannot reach it.` };
}

function explainHtmlPage(status: number, body: string): string {
  if (/bypass-tunnel-reminder|friendly reminder|tunnel password/i.test(body)) {
    return 'The relay showed its reminder page instead of forwarding to the bridge (localtunnel asks visitors to confirm or to enter a tunnel password). '
      + 'Talkdesk would receive this page too; the relay must honour the bypass-tunnel-reminder header, or use a self-hosted relay.';
  }
  const title = /<title>([^<]{0,120})<\/title>/i.exec(body)?.[1]?.trim();
  return `The relay answered with an HTML page (HTTP ${status}${title ? `, "${title}"` : ''}) instead of the bridge's JSON: the tunnel is not connected to the bridge.`;
}
