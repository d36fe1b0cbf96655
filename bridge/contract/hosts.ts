// Host names the bridge and the UI both judge: without Node imports, so the UI can say what the bridge will.

/** An IPv4 address's part: 0 to 255, no leading zero (as node:net's isIP reads them). */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const LOOPBACK_IPV4 = new RegExp(`^127(?:\\.${OCTET}){3}$`);

/** 127.0.0.0/8, ::1, localhost and names under .localhost (RFC 6761); a bracketed IPv6 host as URLs write it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return LOOPBACK_IPV4.test(host) || host === '::1';
}
