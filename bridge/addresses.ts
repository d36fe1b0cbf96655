// IP addresses and CIDR ranges: parsing the ones a profile or a request names, and matching an address against them.
import { BlockList, isIP } from 'node:net';
import { BridgeError } from './errors.js';

/** An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is the IPv4 address it carries. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** The address and prefix length of "10.0.0.0/8", "2001:db8::/32" or a single address; undefined when it is none of these. */
function cidrOf(entry: string): { address: string; bits: number; family: 4 | 6 } | undefined {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 6 ? 128 : 32;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { address, bits, family: family === 6 ? 6 : 4 };
}

/** True for an IP address or a CIDR range (the profile's check). */
export function isCidr(entry: string): boolean {
  return cidrOf(entry) !== undefined;
}

/** Parses addresses and CIDR ranges; throws `invalid_argument` naming a bad entry. */
export function parseCidrs(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of cidrs) {
    const cidr = cidrOf(entry);
    if (!cidr) throw new BridgeError('invalid_argument', `"${entry}" is not an IP address or CIDR range (like 203.0.113.0/24).`);
    list.addSubnet(cidr.address, cidr.bits, cidr.family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** True when `address` is a valid address inside `list`. */
export function listed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The loopback ranges: the local end of every tunnel. */
export const LOOPBACK_CIDRS = ['127.0.0.0/8', '::1/128'] as const;
