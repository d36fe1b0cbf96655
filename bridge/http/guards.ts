// Express guards for the bridge's apps: IP allow-list, failed-auth rate limit, loopback Host, same-origin only.
import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import type { RequestHandler } from 'express';
import { LOOPBACK_CIDRS, listed, normalizeAddress, parseCidrs } from '../addresses.js';
import { BridgeError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '::1']);

/**
 * The caller's address, as far as someone can vouch for it. The socket's peer, unless that peer is a trusted forwarder
 * (a proxy the profile lists, or the local end of a tunnel whose provider sets the header): then X-Forwarded-For, read
 * from the right and skipping trusted hops, because everything left of the last trusted hop is whatever the caller sent.
 */
export function callerAddress(request: IncomingMessage, trusted: BlockList): string {
  const peer = normalizeAddress(request.socket.remoteAddress ?? '');
  if (!listed(trusted, peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((hop) => normalizeAddress(hop.trim())).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    if (!listed(trusted, hop)) return hop;
  }
  return peer;
}

/** Refuses an address outside an integration's allow-list (Talkdesk's egress): 403 naming the address. */
export function refuseUnlisted(allowed: BlockList, address: string): BridgeError | undefined {
  if (listed(allowed, address)) return undefined;
  return new BridgeError('forbidden', `Calls from ${address || 'an unknown address'} are not allowed by this bridge's IP allow-list.`);
}

export interface FailedAuthLimiter {
  /** Counts one failed authentication for a source (the caller's address as `callerAddress` finds it). */
  recordFailure(sourceKey: string): void;
  /** Forgets a source's failures (for instance after it authenticates). */
  reset(sourceKey: string): void;
  /** How long a source over the limit must wait, in seconds; undefined when it is not over. */
  retryAfterSeconds(sourceKey: string): number | undefined;
}

/** The refusal a source over the failed-authentication limit gets. */
export function rateLimited(retryAfterSeconds: number): BridgeError {
  return new BridgeError('rate_limited', `Too many failed authentication attempts from this address; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/**
 * A sliding-window count of failed authentications per source, bounded in the number of sources it remembers. Callers
 * whose address no one vouches for share their tunnel's local address, so they share one count: a forged header
 * does not make a fresh source.
 */
export function limitFailedAuth(options: { maxFailures: number; windowMs: number; maxSources?: number; now?: () => number }): FailedAuthLimiter {
  const failures = new Map<string, number[]>();
  const now = options.now ?? Date.now;
  const maxSources = options.maxSources ?? 10_000;
  const recent = (key: string): number[] => {
    const since = now() - options.windowMs;
    const times = (failures.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };
  return {
    retryAfterSeconds(key) {
      const times = recent(key);
      if (times.length < options.maxFailures) return undefined;
      return Math.max(1, Math.ceil((times[0]! + options.windowMs - now()) / 1000));
    },
    reset: (key) => { failures.delete(key); },
    recordFailure(key) {
      const times = recent(key);
      failures.delete(key);
      failures.set(key, [...times.slice(-(options.maxFailures - 1)), now()]);
      // Forget the least recently failing source first, so a flood of addresses cannot grow memory without bound.
      if (failures.size > maxSources) failures.delete(failures.keys().next().value!);
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
