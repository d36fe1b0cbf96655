// Express guards for the bridge's apps: IP allow-list, failed-auth rate limit, loopback Host, same-origin only.
import { BlockList, isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { BridgeError } from '../errors.js';

const LOOPBACK_CIDRS = ['127.0.0.0/8', '::1/128'];
const LOOPBACK_HOSTS = new Set(['localhost', '::1']);


/** An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is the IPv4 address it carries. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a single address; throws `invalid_argument` naming a bad entry. */
export function parseCidrs(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of cidrs) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
      throw new BridgeError('invalid_argument', `"${entry}" is not an IP address or CIDR range (like 203.0.113.0/24).`);
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** Direct peers whose X-Forwarded-For is believed by default: the tunnel's local end. */
const TRUSTED_RELAY = parseCidrs(LOOPBACK_CIDRS);

function listed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The caller's address. X-Forwarded-For counts only when the direct peer is a trusted relay; it is read from the
 * right, skipping trusted hops, because the left part is whatever the caller sent. It is only as trustworthy as
 * the relay: one that forwards the header without appending the caller's address lets callers choose it.
 */
export function clientAddress(request: Request, trustProxyFrom: BlockList): string {
  const peer = normalizeAddress(request.socket.remoteAddress ?? '');
  if (!listed(trustProxyFrom, peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((hop) => normalizeAddress(hop.trim())).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    if (!listed(trustProxyFrom, hop)) return hop;
  }
  return hops[0] ?? peer;
}

export interface TrustOptions {
  /** Direct peers whose X-Forwarded-For is believed (the relay's local end); default loopback. */
  trustProxyFrom?: readonly string[];
}

/** Lets through only callers inside `cidrs` (Talkdesk's egress); an empty list lets everyone through. */
export function allowIps(cidrs: readonly string[], options: TrustOptions = {}): RequestHandler {
  if (cidrs.length === 0) return (_request, _response, next) => next();
  const allowed = parseCidrs(cidrs);
  const trusted = parseCidrs(options.trustProxyFrom ?? LOOPBACK_CIDRS);
  return (request, _response, next) => {
    const address = clientAddress(request, trusted);
    if (listed(allowed, address)) return next();
    next(new BridgeError('forbidden', `Calls from ${address || 'an unknown address'} are not allowed by this bridge's IP allow-list.`));
  };
}

export interface FailedAuthLimiter {
  /** Refuses sources with too many recent failures: 429 with Retry-After. Mount before authentication. */
  middleware: RequestHandler;
  /** Counts one failed authentication for a source (use `sourceKeyOf(request)`). */
  recordFailure(sourceKey: string): void;
  sourceKeyOf(request: Request): string;
  /** Forgets a source's failures (for instance after it authenticates). */
  reset(sourceKey: string): void;
  /** How long a source over the limit must wait, in seconds; undefined when it is not over. */
  retryAfterSeconds(sourceKey: string): number | undefined;
}

/** The refusal a source over the failed-authentication limit gets. */
export function rateLimited(retryAfterSeconds: number): BridgeError {
  return new BridgeError('rate_limited', `Too many failed authentication attempts from this address; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/** The caller's address as the failed-authentication limit counts it (forwarded-for believed only from loopback). */
export function failureSource(request: Request): string {
  return clientAddress(request, TRUSTED_RELAY);
}

/** A sliding-window count of failed authentications per source, bounded in the number of sources it remembers. */
export function limitFailedAuth(options: TrustOptions & { maxFailures: number; windowMs: number; maxSources?: number; now?: () => number }): FailedAuthLimiter {
  const failures = new Map<string, number[]>();
  const now = options.now ?? Date.now;
  const maxSources = options.maxSources ?? 10_000;
  const trusted = options.trustProxyFrom ? parseCidrs(options.trustProxyFrom) : TRUSTED_RELAY;
  const recent = (key: string): number[] => {
    const since = now() - options.windowMs;
    const times = (failures.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };
  const retryAfterSeconds = (key: string): number | undefined => {
    const times = recent(key);
    if (times.length < options.maxFailures) return undefined;
    return Math.max(1, Math.ceil((times[0]! + options.windowMs - now()) / 1000));
  };
  return {
    sourceKeyOf: (request) => clientAddress(request, trusted),
    retryAfterSeconds,
    reset: (key) => { failures.delete(key); },
    recordFailure(key) {
      const times = recent(key);
      failures.delete(key);
      failures.set(key, [...times.slice(-(options.maxFailures - 1)), now()]);
      // Forget the least recently failing source first, so a flood of addresses cannot grow memory without bound.
      if (failures.size > maxSources) failures.delete(failures.keys().next().value!);
    },
    middleware(request, response, next) {
      const wait = retryAfterSeconds(clientAddress(request, trusted));
      if (wait === undefined) return next();
      response.setHeader('Retry-After', String(wait));
      next(rateLimited(wait));
    },
  };
}

/** The host name of a Host header: "[::1]:8080" → "::1", "localhost:80" → "localhost". */
function hostNameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** Refuses requests whose Host is not a loopback name: a DNS-rebinding page on another name reaching the admin port. */
export function requireLoopbackHost(): RequestHandler {
  const loopback = parseCidrs(LOOPBACK_CIDRS);
  return (request, _response, next) => {
    const name = hostNameOf(request.headers.host ?? '');
    if (LOOPBACK_HOSTS.has(name) || listed(loopback, name)) return next();
    next(new BridgeError('forbidden', 'The admin side answers only to localhost, 127.0.0.1 or [::1] in the Host header.'));
  };
}

/** Refuses requests a browser marks as coming from another site or origin; requests without those headers (CLI, curl) pass. */
export function rejectCrossSite(options: { allowOrigins?: readonly string[] } = {}): RequestHandler {
  const allowOrigins = new Set(options.allowOrigins ?? []);
  return (request, _response, next) => {
    const origin = request.headers.origin;
    if (origin !== undefined && allowOrigins.has(origin)) return next();
    const site = request.headers['sec-fetch-site'];
    const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    const foreignOrigin = origin !== undefined && !sameHost(origin, request.headers.host);
    if (!crossSite && !foreignOrigin) return next();
    next(new BridgeError('forbidden', 'Cross-site requests are not accepted by the admin side.'));
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" and other opaque origins
  }
}
