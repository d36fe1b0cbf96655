// Going live: the public URL Talkdesk will call, the Talkdesk configuration export, and a self-test through that URL.
import { Router } from 'express';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import type { Integration } from '../../profile/schema.js';
import { talkdeskConfiguration } from '../../talkdesk-config.js';
import { MUST_BE_ENCRYPTED, publicUrlProblem } from '../../public-url.js';
import { parseOrThrow } from '../../validation.js';
import type { CallResult, LocalCaller } from './local-calls.js';
import { selfTestSchema } from './schemas.js';
import { EXPORTED_URL_SETTING } from './status-routes.js';
import { tunnelStatus } from './tunnel-routes.js';
import type { PublicBase, PublicUrl, SelfTestStep } from '../../contract/admin.js';
export type { PublicBase };


/** Where Talkdesk reaches the bridge: the tunnel when online, an external URL when configured, else only this machine. */
export function publicBase(context: BridgeContext, bridgeUrl: string | undefined): PublicBase {
  const tunnel = tunnelStatus(context);
  if (tunnel.state === 'online' && tunnel.url) return { url: tunnel.url, source: 'tunnel', reachable: true };
  const config = context.profile().tunnel;
  if (config.provider === 'external') return { url: config.url, source: 'external', reachable: true };
  return { url: bridgeUrl ?? null, source: 'local', reachable: false };
}

function integrationOf(context: BridgeContext, id: string): Integration {
  const integration = context.profile().integrations.find((candidate) => candidate.id === id);
  if (!integration) throw new BridgeError('unknown_integration', `There is no saved integration "${id}"; save it first.`);
  return integration;
}

type Step = SelfTestStep;

function stepOf(name: string, result: CallResult, describe: (body: unknown) => string): Step {
  const ok = result.status >= 200 && result.status < 300;
  const error = (result.body as { error?: { message?: string } } | undefined)?.error?.message;
  return { name, ok, status: result.status, durationMs: result.durationMs, message: ok ? describe(result.body) : error ?? `HTTP ${result.status}` };
}

async function runSelfTest(caller: LocalCaller, baseUrl: string, integration: Integration, contactKey?: string): Promise<Step[]> {
  const call = (path: string, body: { meta?: unknown; data?: unknown }) => caller.post(baseUrl, integration.id, path, body, 'self_test');
  const steps = [stepOf('auth', await call('/auth', {}), () => 'The bridge accepts an API key.')];
  const page = await call('/contacts', {});
  steps.push(stepOf('contacts', page, (body) => `The first page has ${(body as { contacts?: unknown[] }).contacts?.length ?? 0} contact(s).`));
  if (integration.interactions.length > 0) {
    const first = contactKey ?? (page.body as { contacts?: Array<{ id: string }> }).contacts?.[0]?.id;
    if (first === undefined) steps.push({ name: 'interactions', ok: false, message: 'No contact to look interactions up for.' });
    else steps.push(stepOf('interactions', await call('/interactions', { data: { contact_external_id: first } }),
      (body) => `Contact ${first} has ${Array.isArray(body) ? body.length : 0} interaction(s).`));
  }
  return steps;
}

/** The rule `deskbridge talkdesk-config` applies: Talkdesk is never given a URL that would carry its API key in clear. */
function refuseUnsafePublicUrl(context: BridgeContext, base: PublicBase): void {
  if (!base.reachable || !base.url) return;
  const tunnel = context.profile().tunnel;
  // Only a URL the profile states (SSH's, an external one) can carry the testing allowance; a relay's URL never can.
  const allowance = tunnel.provider === 'ssh' || tunnel.provider === 'external';
  let problem = publicUrlProblem(base.url, { insecureForTesting: allowance ? tunnel.insecureForTesting : false });
  if (!problem) return;
  if (!allowance && new URL(base.url).protocol === 'http:') problem = MUST_BE_ENCRYPTED;
  throw new BridgeError('not_configured', `The ${base.source === 'tunnel' ? `tunnel's (${tunnel.provider})` : 'external'} public URL ${base.url} ${problem} `
    + 'No Talkdesk configuration is given for it: choose a tunnel with an https:// URL on the Go live page (ngrok, or SSH to your own server).');
}

export function goLiveRoutes(context: BridgeContext, caller: LocalCaller, bridgeUrl: () => string | undefined): Router {
  const router = Router();

  router.get('/public-url', (_request, response) => {
    response.json({ ...publicBase(context, bridgeUrl()), bridgeUrl: bridgeUrl() ?? null } satisfies PublicUrl);
  });

  router.get('/integrations/:id/talkdesk-config', async (request, response) => {
    const integration = integrationOf(context, request.params.id);
    const base = publicBase(context, bridgeUrl());
    refuseUnsafePublicUrl(context, base);
    // A loopback URL is of no use to Talkdesk: until the bridge is reachable, the export says where the URL goes.
    const url = base.reachable && base.url ? base.url : 'https://YOUR-PUBLIC-URL';
    if (base.reachable) await context.settings.set(EXPORTED_URL_SETTING, url);
    response.json({ baseUrl: url, source: base.source, reachable: base.reachable, configuration: talkdeskConfiguration(integration, url) });
  });

  router.post('/integrations/:id/self-test', async (request, response) => {
    const integration = integrationOf(context, request.params.id);
    const { contactKey } = parseOrThrow(selfTestSchema, request.body ?? {}, 'invalid_request', 'The request is not valid');
    const base = publicBase(context, bridgeUrl());
    const steps = base.reachable && base.url
      ? await runSelfTest(caller, base.url, integration, contactKey === undefined ? undefined : String(contactKey))
      : await caller.withBaseUrl((url) => runSelfTest(caller, url, integration, contactKey === undefined ? undefined : String(contactKey)));
    response.json({ through: base.reachable ? base.url : 'local', source: base.reachable ? base.source : 'local', ok: steps.every((step) => step.ok), steps });
  });

  return router;
}
