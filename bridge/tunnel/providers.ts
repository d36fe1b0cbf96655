// Builds the provider a profile's tunnel settings ask for; secrets are resolved at each connect, never stored here.
import type { SecretRef, TunnelConfig } from '../profile/schema.js';
import { createExternalProvider } from './external.js';
import { proxyFor } from './http-proxy.js';
import { createLocaltunnelProvider } from './localtunnel.js';
import { createNgrokProvider, ngrokServerAddr } from './ngrok.js';
import type { NgrokSdk } from './ngrok-sdk.js';
import { createSshProvider, type SshSettings } from './ssh.js';
import type { TunnelProvider } from './types.js';

export type ResolveSecret = (ref: SecretRef) => Promise<string>;

/** What the providers use instead of their defaults (tests pass test doubles here). */
export interface ProviderOverrides {
  /** The ngrok SDK module; @ngrok/ngrok, loaded on first use, when unset. */
  ngrokSdk?: NgrokSdk;
}

/** The provider for `config`, or undefined when no tunnel is configured. */
export function createProvider(config: TunnelConfig, resolveSecret: ResolveSecret, overrides: ProviderOverrides = {}): TunnelProvider | undefined {
  switch (config.provider) {
    case 'none':
      return undefined;
    case 'localtunnel':
      return createLocaltunnelProvider({ host: config.host, subdomain: config.subdomain });
    case 'external':
      return createExternalProvider(config.url);
    case 'ngrok':
      return createNgrokProvider({
        domain: config.domain,
        loadSdk: overrides.ngrokSdk ? async () => overrides.ngrokSdk! : undefined,
        loadSettings: async () => ({
          authtoken: await resolveSecret(config.authtoken), domain: config.domain, pooling: config.pooling, serverAddr: ngrokServerAddr(),
        }),
      });
    case 'ssh':
      return createSshProvider(config.publicUrl, async (): Promise<SshSettings> => ({
        host: config.host,
        port: config.port,
        user: config.user,
        hostKey: config.hostKey,
        remoteHost: config.remoteHost,
        remotePort: config.remotePort,
        publicUrl: config.publicUrl,
        privateKey: config.privateKey ? await resolveSecret(config.privateKey) : undefined,
        password: config.password ? await resolveSecret(config.password) : undefined,
        proxy: await sshProxy(config, resolveSecret),
      }));
  }
}

/** The HTTP proxy the SSH connection goes through: the profile's (its password a stored secret), or the environment's. */
async function sshProxy(config: Extract<TunnelConfig, { provider: 'ssh' }>, resolveSecret: ResolveSecret) {
  const url = proxyFor(config.host, config.proxy);
  if (!url) return undefined;
  return { url, password: config.proxyPassword ? await resolveSecret(config.proxyPassword) : undefined };
}
