// Calls the bridge's own public endpoints as Talkdesk would (replay, self-test), with a credential that exists only in memory.
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import { INTERNAL_KEY_LABEL } from '../../state/api-keys.js';
import { CALL_ORIGIN_HEADER } from '../call-origin.js';
import type { CallOrigin } from '../../state/request-log.js';
import { createPublicApp } from '../public-app.js';
import { serve, urlOf } from '../listen.js';
import { requestPublicUrl } from '../../tunnel/probe.js';


export interface CallResult { status: number; durationMs: number; body: unknown }

export interface LocalCaller {
  /** Base URL of the local public app (the one the tunnel forwards to). */
  withBaseUrl<T>(work: (baseUrl: string) => Promise<T>): Promise<T>;
  /** POSTs a Talkdesk body to `<baseUrl>/integrations/<id><path>` with a key that is revoked right after; the log marks it `origin`. */
  post(baseUrl: string, integration: string, path: string, body: { meta?: unknown; data?: unknown }, origin: CallOrigin): Promise<CallResult>;
}

async function withOwnPublicApp<T>(context: BridgeContext, work: (baseUrl: string) => Promise<T>): Promise<T> {
  // Without the bridge's URL, serve the same public app on a loopback port for the time of the call.
  const server = await serve(createPublicApp(context), '127.0.0.1', 0);
  try {
    return await work(urlOf(server, '127.0.0.1'));
  } finally {
    await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }
}

/** `publicCa`: certificates trusted for the public URL besides the system's, as the tunnel's probe trusts them. */
export function localCaller(context: BridgeContext, bridgeUrl: (() => string | undefined) | undefined, publicCa?: string): LocalCaller {
  return {
    withBaseUrl(work) {
      const url = bridgeUrl?.();
      return url ? work(url) : withOwnPublicApp(context, work);
    },
    async post(baseUrl, integration, path, body, origin) {
      const runtime = context.runtime(integration);
      if (!runtime) throw new BridgeError('unknown_integration', `There is no integration "${integration}".`);
      const needsKey = runtime.config.auth.type === 'api_key';
      const temporary = needsKey ? await context.apiKeys.create(integration, INTERNAL_KEY_LABEL) : undefined;
      const started = performance.now();
      try {
        // The same request as the tunnel's probe, so a self-test through the public URL trusts what the probe trusts.
        const response = await requestPublicUrl(new URL(`${baseUrl.replace(/\/+$/, '')}/integrations/${encodeURIComponent(integration)}${path}`), {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CALL_ORIGIN_HEADER]: origin },
          body: JSON.stringify({ ...(temporary ? { auth: { api_key: temporary.key } } : {}), meta: body.meta ?? {}, data: body.data ?? {} }),
          timeoutMs: 15_000,
          ca: publicCa,
        });
        let parsed: unknown = response.body;
        try { parsed = JSON.parse(response.body); } catch { /* not JSON: kept as text */ }
        return { status: response.status, durationMs: Math.round(performance.now() - started), body: parsed };
      } finally {
        if (temporary) await context.apiKeys.revoke(temporary.info.id);
      }
    },
  };
}
