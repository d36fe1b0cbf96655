// The rule for a URL given to Talkdesk: HTTPS without query or fragment; plain HTTP only on loopback, and only when asked for.
import { isLoopbackHost } from './contract/hosts.js';

export interface PublicUrlOptions {
  /** Allows http:// to a loopback address (tests on this machine); never anything else over plain HTTP. */
  insecureForTesting?: boolean;
}

/** Why plain http:// is refused wherever no test allowance applies. */
export const MUST_BE_ENCRYPTED = 'must start with https://: Talkdesk sends the API key and your customers\' data in every call, so the public URL must be encrypted.';

/** Why `value` cannot be the bridge's public URL, or undefined when it can. */
export function publicUrlProblem(value: string, options: PublicUrlOptions = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; expected https://host[:port][/path].`;
  }
  if (url.username || url.password) return 'must not carry a user name or password; Talkdesk authenticates with the API key.';
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    return 'must not have a query (?…) or fragment (#…): Talkdesk appends the endpoint paths to it.';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `must start with https:// (not ${url.protocol}//).`;
  if (!isLoopbackHost(url.hostname)) return MUST_BE_ENCRYPTED;
  if (options.insecureForTesting) return undefined;
  return 'is plain http:// on this machine, which only a test can use: give an https:// URL, or add --insecure-for-testing ("insecureForTesting": true in the profile) for a test on loopback.';
}


