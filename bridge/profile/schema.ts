// The profile document (spec/profile.md) as the bridge parses every input: the shared shape (bridge/contract) plus the
// checks that need this machine (absolute paths, known time zones, addresses, public URLs, what the tunnel can vouch for).
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../../connectors/index.js';
import { isCidr } from '../addresses.js';
import { unknownCallerReason } from '../tunnel/client-address.js';
import { DEMO_INTEGRATION_ID } from '../demo/demo-profile.js';
import { publicUrlProblem } from '../public-url.js';
import * as shared from '../contract/profile.js';
import { PUBLIC_LOCALTUNNEL_HOST, tunnelShapes } from '../contract/tunnel.js';
import { profileSchema as sharedProfileSchema } from '../contract/profile-document.js';

export {
  actionSchema, agentsSchema, contactFieldsSchema, contactsSchema, interactionSchema, phoneIndexSchema, secretRefSchema,
  sourceFilterSchema, sourceSchema, INPUT_TYPES, INTERACTION_PRIORITIES, INTERACTION_STATUSES,
} from '../contract/profile.js';
export type {
  ActionConfig, AgentsMapping, ConnectionSettings, ContactsMapping, Integration, InteractionMapping, PhoneIndexSettings,
  Profile, ProfileInput, SecretRef, TunnelConfig,
} from '../contract/profile-document.js';

const text = z.string().trim().min(1);
const cidrs = z.array(text.refine(isCidr, 'expected an IP address or a CIDR range such as 203.0.113.0/24'));

export const connectionSchema = shared.connectionSchema.safeExtend({
  filename: text.refine((value) => !value.includes('\0') && path.isAbsolute(value), 'expected an absolute file path').optional(),
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone name such as "Europe/Lisbon" or "America/New_York"').optional(),
});

export const integrationSchema = shared.integrationSchema.safeExtend({ connection: connectionSchema, allowIps: cidrs.optional() });

/** The URL Talkdesk is given must be HTTPS (bridge/public-url.ts says why and when loopback HTTP is allowed). */
function checkPublicUrl(url: string, insecureForTesting: boolean | undefined, path: string[], context: z.RefinementCtx): void {
  const problem = publicUrlProblem(url, { insecureForTesting });
  if (problem) context.addIssue({ code: 'custom', path, message: problem });
}

const trustedProxies = cidrs.optional();

export const tunnelSchema = z.discriminatedUnion('provider', [
  tunnelShapes.none.safeExtend({ trustedProxies }),
  tunnelShapes.localtunnel.safeExtend({ trustedProxies }).superRefine((tunnel, context) => {
    // The public relay passes on whatever X-Forwarded-For a caller sends: believing it would let any caller pick its address.
    if (tunnel.trustedProxies?.length && new URL(tunnel.host).hostname === PUBLIC_LOCALTUNNEL_HOST) {
      context.addIssue({ code: 'custom', path: ['trustedProxies'], message: `the public relay ${PUBLIC_LOCALTUNNEL_HOST} passes on whatever X-Forwarded-For a caller sends, so no address behind it can be trusted: remove trustedProxies, or use your own relay behind a proxy that sets X-Forwarded-For` });
    }
  }),
  tunnelShapes.ssh.safeExtend({ trustedProxies })
    .superRefine((tunnel, context) => checkPublicUrl(tunnel.publicUrl, tunnel.insecureForTesting, ['publicUrl'], context)),
  tunnelShapes.external.safeExtend({ trustedProxies })
    .superRefine((tunnel, context) => checkPublicUrl(tunnel.url, tunnel.insecureForTesting, ['url'], context)),
  tunnelShapes.ngrok.safeExtend({ trustedProxies }),
]);

export const profileSchema = sharedProfileSchema.safeExtend({
  integrations: z.array(integrationSchema),
  tunnel: tunnelSchema.default({ provider: 'none' }),
}).superRefine((profile, context) => {
  // An allow-list checked against an address the caller chose would only look like protection.
  const unknownCaller = unknownCallerReason(profile.tunnel);
  profile.integrations.forEach((integration, index) => {
    if (unknownCaller && integration.allowIps && integration.allowIps.length > 0) {
      context.addIssue({ code: 'custom', path: ['integrations', index, 'allowIps'], message: unknownCaller });
    }
  });
  const tunnel = profile.tunnel;
  const realData = profile.integrations.map((integration) => integration.id).filter((id) => id !== DEMO_INTEGRATION_ID);
  if (tunnel.provider === 'localtunnel' && !tunnel.acknowledgeUnencrypted && realData.length > 0) {
    context.addIssue({ code: 'custom', path: ['tunnel', 'acknowledgeUnencrypted'], message: LOCALTUNNEL_REFUSAL(realData) });
  }
});

/** Why localtunnel needs an explicit yes once real data is served: its client talks plain TCP to the relay. */
const LOCALTUNNEL_REFUSAL = (ids: string[]) => `localtunnel is for trying Deskbridge out: its calls cross the internet unencrypted between this computer `
  + `and a relay run by others, API key and customer data included, and integration "${ids[0]}" serves real data. `
  + 'Use ngrok or an SSH tunnel instead, or set "acknowledgeUnencrypted": true in tunnel to accept this (for instance for your own localtunnel server reached over an office VPN).';
