// The external provider: the office's own reverse proxy already serves the bridge; only its URL is recorded.
import type { TunnelProvider } from './types.js';

export function createExternalProvider(url: string): TunnelProvider {
  return {
    name: 'external',
    requestedUrl: url,
    probeHeaders: {},
    // Nothing to open or hold; the session never drops by itself, and the probe tells whether the proxy works.
    connect: async () => ({ url, requestedUrl: url, dropped: new Promise<Error>(() => {}), close: async () => {} }),
  };
}
