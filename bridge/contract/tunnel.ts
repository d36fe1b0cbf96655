// The profile's tunnel settings, one shape per provider; no Node imports (bridge/profile/schema.ts checks the URLs).
import { z } from 'zod';
import { cidrsShape, secretRefSchema } from './profile.js';

/** The public localtunnel relay, run by volunteers; an office may run its own instead. */
export const PUBLIC_LOCALTUNNEL_HOST = 'localtunnel.me';

const text = z.string().trim().min(1);

/**
 * Reverse proxies (addresses or CIDR) that append the caller's address to X-Forwarded-For: the only peers whose header
 * is believed (and a tunnel's local end, 127.0.0.1, when its provider sets the header itself).
 */
const trustedProxies = cidrsShape.optional();

/** http://[user@]host:port; a password stands in proxyPassword as a stored secret, never in the profile. */
const proxyUrl = text.superRefine((value, context) => {
  let url: URL;
  try { url = new URL(value); } catch { context.addIssue({ code: 'custom', message: 'expected a proxy URL such as "http://proxy.office.lan:3128"' }); return; }
  if (url.protocol !== 'http:') context.addIssue({ code: 'custom', message: `expected an http:// proxy (one that accepts CONNECT), not ${url.protocol}//` });
  if (url.password) context.addIssue({ code: 'custom', message: 'the proxy password must not stand in the profile: store it ("deskbridge secret set NAME") and name it in proxyPassword' });
  if (url.pathname !== '/' || url.search || url.hash) context.addIssue({ code: 'custom', message: 'expected only http://[user@]host:port, without a path' });
});

/** A key accepted only to refuse it with a reason (a setting the provider's client does not have). */
const refusedKey = (why: string) => z.unknown().refine(() => false, why).optional();

/** Each provider's settings; the bridge widens them with its checks of addresses and public URLs. */
export const tunnelShapes = {
  none: z.strictObject({ provider: z.literal('none'), trustedProxies }),
  localtunnel: z.strictObject({
    provider: z.literal('localtunnel'),
    trustedProxies,
    host: z.url().default(`https://${PUBLIC_LOCALTUNNEL_HOST}`),
    subdomain: z.string().regex(/^[a-z0-9-]{4,63}$/, 'expected 4-63 characters a-z, 0-9 and "-"').optional(),
    /** The admin accepts that calls cross the internet unencrypted between this computer and the relay. */
    acknowledgeUnencrypted: z.boolean().optional(),
    proxy: refusedKey('the localtunnel client cannot go through an HTTP proxy; use ssh (which can), or allow this computer out to the relay'),
  }),
  ssh: z.strictObject({
    provider: z.literal('ssh'),
    trustedProxies,
    host: text,
    port: z.number().int().min(1).max(65535).default(22),
    user: text,
    privateKey: secretRefSchema.optional(),
    password: secretRefSchema.optional(),
    hostKey: text,
    remoteHost: text.default('127.0.0.1'),
    remotePort: z.number().int().min(1).max(65535),
    publicUrl: text,
    insecureForTesting: z.boolean().optional(),
    /** An HTTP proxy to reach the server through (CONNECT); without it HTTPS_PROXY/NO_PROXY apply. */
    proxy: proxyUrl.optional(),
    proxyPassword: secretRefSchema.optional(),
  }),
  external: z.strictObject({ provider: z.literal('external'), url: text, insecureForTesting: z.boolean().optional(), trustedProxies }),
  ngrok: z.strictObject({
    provider: z.literal('ngrok'),
    authtoken: secretRefSchema,
    /** A domain reserved on the ngrok account; without one ngrok assigns the URL. */
    domain: z.string().trim().toLowerCase()
      .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a domain name such as "acme.ngrok.app" (no https://, no path)').optional(),
    /** Endpoint pooling: two installs serve the same domain and share its traffic. */
    pooling: z.boolean().default(false),
    trustedProxies,
    region: refusedKey('ngrok picks the nearest region by itself and its SDK has no region setting; remove tunnel.region'),
    proxy: refusedKey('the ngrok SDK (1.7.0) has no proxy setting and connects straight to connect.ngrok-agent.com on TCP port 443: allow that through the firewall, or use ssh, which can go through a proxy'),
  }),
};

export const tunnelSchema = z.discriminatedUnion('provider', [
  tunnelShapes.none, tunnelShapes.localtunnel, tunnelShapes.ssh, tunnelShapes.external, tunnelShapes.ngrok,
]);
