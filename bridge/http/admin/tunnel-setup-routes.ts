// Setting up the tunnel from the UI: its secrets stored (never sent back) and an SSH host key fetched for the admin to confirm.
import { Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import { fetchSshHostKey } from '../../tunnel/ssh-host-key.js';
import { parseOrThrow } from '../../validation.js';

/** The tunnel secrets the UI may set, each under one fixed name the profile then refers to. */
export const TUNNEL_SECRETS = {
  'ngrok-authtoken': 'tunnel-ngrok-authtoken',
  'ssh-private-key': 'tunnel-ssh-private-key',
  'ssh-password': 'tunnel-ssh-password',
  'proxy-password': 'tunnel-proxy-password',
} as const;

const secretBody = z.strictObject({ value: z.string().min(1, 'the value is empty').max(20_000) });
const hostKeyBody = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(22),
  proxy: z.string().url().optional(),
  /** The proxy's password: as typed on the page, or the one stored (under its fixed name) when the page has none typed. */
  proxyPassword: z.union([z.strictObject({ value: z.string().min(1).max(1000) }), z.strictObject({ stored: z.literal(true) })]).optional(),
});

export function tunnelSetupRoutes(context: BridgeContext): Router {
  const router = Router();

  router.put('/tunnel/secrets/:kind', async (request, response) => {
    const name = TUNNEL_SECRETS[request.params.kind as keyof typeof TUNNEL_SECRETS];
    if (!name) throw new BridgeError('not_found', `There is no tunnel secret "${request.params.kind}"; expected one of ${Object.keys(TUNNEL_SECRETS).join(', ')}.`);
    const { value } = parseOrThrow(secretBody, request.body ?? {}, 'invalid_request', 'The secret is not valid');
    await context.secrets.set(name, value.trim());
    response.json({ ref: { secret: name } });
  });

  router.post('/tunnel/ssh/host-key', async (request, response) => {
    const { host, port, proxy, proxyPassword } = parseOrThrow(hostKeyBody, request.body ?? {}, 'invalid_request', 'The SSH server is not valid');
    // Without it, a proxy that asks for credentials answers 407 and no host key can be seen.
    const password = proxyPassword && 'value' in proxyPassword ? proxyPassword.value
      : proxyPassword ? await context.secrets.get(TUNNEL_SECRETS['proxy-password']) : undefined;
    try {
      response.json(await fetchSshHostKey(host, port, 8000, { url: proxy, password }));
    } catch (error) {
      throw new BridgeError('invalid_request', error instanceof Error ? error.message : String(error), { cause: error });
    }
  });

  return router;
}
