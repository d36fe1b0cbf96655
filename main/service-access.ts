// The app's key to the service's admin API: a fixed loopback port and a lasting token, kept sealed by the OS keychain.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { SafeStorageLike } from './master-key-store.js';
import type { ShellSettings } from './shell-settings.js';

/** Below every system's ephemeral range (Linux 32768+, Windows and macOS 49152+), so no outgoing connection takes it. */
export const SERVICE_ADMIN_PORT = 28780;

/** What the app needs to attach: where the service's admin API listens and the token it accepts. */
export interface ServiceAccess {
  adminPort: number;
  token: string;
}

/** A new token for a new service; the service is told only its hash. */
export function createServiceAccess(adminPort = SERVICE_ADMIN_PORT): ServiceAccess {
  return { adminPort, token: randomBytes(32).toString('base64url') };
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The dashboard's address on the service, with the token as the UI expects it. */
export function serviceAdminUrl(access: ServiceAccess): string {
  return `http://127.0.0.1:${access.adminPort}/?token=${encodeURIComponent(access.token)}`;
}

export function sealServiceAccess(safeStorage: SafeStorageLike, access: ServiceAccess): NonNullable<ShellSettings['service']> {
  return { adminPort: access.adminPort, sealedToken: safeStorage.encryptString(access.token).toString('base64') };
}

/** The stored access, or undefined when there is none or the keychain cannot open it. */
export function openServiceAccess(safeStorage: SafeStorageLike, stored: ShellSettings['service']): ServiceAccess | undefined {
  if (!stored) return undefined;
  try {
    return { adminPort: stored.adminPort, token: safeStorage.decryptString(Buffer.from(stored.sealedToken, 'base64')) };
  } catch {
    return undefined;
  }
}

/** Whether nothing listens on the loopback port now (the service could not start on a taken one). */
export function isLoopbackPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
