// Tunnel status, start and stop through the bridge's tunnel control; 409 not_configured when there is none.
import { Router, type Response } from 'express';
import type { BridgeContext, TunnelControl } from '../../context.js';
import { BridgeError } from '../../errors.js';
import type { TunnelStatus } from '../../contract/status.js';

/** The tunnel's state as the UI and the desktop shell read it. */
export function tunnelStatus(context: BridgeContext): TunnelStatus {
  const control = context.tunnel();
  const provider = context.profile().tunnel.provider;
  if (!control) return { state: 'not_configured', url: null, provider };
  const status = control.status();
  return { ...status, provider, url: status.url ?? null };
}

function requireTunnel(context: BridgeContext): TunnelControl {
  const control = context.tunnel();
  if (!control) {
    throw new BridgeError('not_configured', 'No tunnel is running: choose one on the Go live page and save (Deskbridge started with --no-tunnel runs none).');
  }
  return control;
}

export function tunnelRoutes(context: BridgeContext): Router {
  const router = Router();
  const answer = (response: Response) => response.json(tunnelStatus(context));

  router.get('/tunnel', (_request, response) => answer(response));
  for (const path of ['/tunnel/start', '/tunnel/resume']) {
    router.post(path, async (_request, response) => {
      await requireTunnel(context).resume();
      answer(response);
    });
  }
  for (const path of ['/tunnel/stop', '/tunnel/pause']) {
    router.post(path, async (_request, response) => {
      await requireTunnel(context).pause();
      answer(response);
    });
  }
  return router;
}
