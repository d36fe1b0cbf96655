// Whether a caller's address can be known through a tunnel: which providers set it, and whose forwarded-for is believed.
import type { BlockList } from 'node:net';
import { LOOPBACK_CIDRS, parseCidrs } from '../addresses.js';
import type { TunnelConfig } from '../profile/schema.js';

/**
 * True when the provider's edge itself appends the address it accepted the call from to X-Forwarded-For, so the
 * rightmost entry is the caller as the edge saw it. Every provider must say; when in doubt, false.
 */
export const SETS_CLIENT_ADDRESS: Record<TunnelConfig['provider'], boolean> = {
  none: false,
  // Its relay passes on the caller's own X-Forwarded-For unchanged and adds nothing.
  localtunnel: false,
  // The forward is plain TCP: every call arrives from the tunnel's local end, 127.0.0.1.
  ssh: false,
  // The office's own reverse proxy: believed only when listed in tunnel.trustedProxies.
  external: false,
  // ngrok's edge appends the caller's address to X-Forwarded-For, and the SDK connects from this process (loopback).
  ngrok: true,
};

/** Why the callers' addresses cannot be known with this tunnel, or undefined when they can (the profile refuses `allowIps` then). */
export function unknownCallerReason(tunnel: TunnelConfig): string | undefined {
  if (tunnel.provider === 'none' || SETS_CLIENT_ADDRESS[tunnel.provider] || trustedProxiesOf(tunnel).length > 0) return undefined;
  switch (tunnel.provider) {
    case 'localtunnel':
      return 'an IP allow-list cannot be enforced through localtunnel: its relay passes on whatever X-Forwarded-For a caller sends, so the caller\'s real address is unknown. Use an SSH tunnel with a proxy that sets X-Forwarded-For (tunnel.trustedProxies), or remove allowIps';
    case 'ssh':
      return 'an IP allow-list cannot be enforced through an SSH reverse tunnel alone: every call arrives from 127.0.0.1. Put a proxy that appends X-Forwarded-For in front of the forwarded port and list 127.0.0.1 in tunnel.trustedProxies, or remove allowIps';
    default:
      return 'an IP allow-list cannot be enforced behind your reverse proxy until you list the proxy\'s address in tunnel.trustedProxies (it must append the caller\'s address to X-Forwarded-For): every call arrives from the proxy. Or remove allowIps';
  }
}

function trustedProxiesOf(tunnel: TunnelConfig): readonly string[] {
  return 'trustedProxies' in tunnel ? tunnel.trustedProxies ?? [] : [];
}

/** The peers and hops whose X-Forwarded-For is believed: the configured proxies, and the tunnel's local end when its provider sets the header. */
export function trustedForwarders(tunnel: TunnelConfig): BlockList {
  return parseCidrs([...trustedProxiesOf(tunnel), ...(SETS_CLIENT_ADDRESS[tunnel.provider] ? LOOPBACK_CIDRS : [])]);
}
