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

/** Requests `url` + health path and says whether the bridge answered, or what stood in its way. */
export function probeUrl(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const target = new URL(options.path ?? '/health', url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(target, {
      method: 'GET',
      headers: { accept: 'application/json', ...options.headers, host: target.host },
      timeout: options.timeoutMs,
      lookup: lookupWithLocalhost,
      agent: false,
      ...(options.connectTo ? { host: options.connectTo.host, port: options.connectTo.port, servername: target.hostname } : {}),
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve(classifyResponse(response.statusCode ?? 0, String(response.headers['content-type'] ?? ''), Buffer.concat(chunks).toString('utf8'))));
      response.on('error', (error) => resolve({ ok: false, detail: `The probe's answer broke off: ${error.message}` }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, detail: `The public URL ${target.origin} did not answer: ${error.message}` }));
    request.end();
  });
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
