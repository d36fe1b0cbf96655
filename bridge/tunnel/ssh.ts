// The SSH provider: a reverse port forward on a server the office controls, with a pinned host key.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { connectThroughProxy, type ProxySettings } from './http-proxy.js';
import { withTimeout } from './timing.js';
import type { ConnectOptions, TunnelProvider, TunnelSession } from './types.js';

export interface SshSettings {
  host: string;
  port: number;
  user: string;
  privateKey?: string;
  password?: string;
  /** The server's host key as an OpenSSH fingerprint ("SHA256:…") or public key line ("ssh-ed25519 AAAA…"). */
  hostKey: string;
  remoteHost: string;
  remotePort: number;
  publicUrl: string;
  keepaliveIntervalMs?: number;
  /** Reach the server through this HTTP proxy (CONNECT), for offices without a direct way out. */
  proxy?: ProxySettings;
}

/** The OpenSSH form of a host key's fingerprint: "SHA256:" and unpadded base64. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Whether a raw host key matches the pinned fingerprint or public key line. */
export function hostKeyMatches(key: Buffer, pinned: string): boolean {
  const pin = pinned.trim();
  if (pin.startsWith('SHA256:')) return fingerprintOf(key) === pin.replace(/=+$/, '');
  const blob = pin.split(/\s+/).find((part) => part.startsWith('AAAA'));
  return blob !== undefined && Buffer.from(blob, 'base64').equals(key);
}

/** `loadSettings` runs at every connect so rotated secrets take effect on the next reconnect. */
export function createSshProvider(publicUrl: string, loadSettings: () => Promise<SshSettings>): TunnelProvider {
  return {
    name: 'ssh',
    requestedUrl: publicUrl,
    probeHeaders: {},
    connect: async (options) => connectSsh(await loadSettings(), options),
  };
}

async function connectSsh(settings: SshSettings, options: ConnectOptions): Promise<TunnelSession> {
  const client = new Client();
  let reportDrop: (error: Error) => void = () => {};
  const dropped = new Promise<Error>((resolve) => { reportDrop = resolve; });
  let lastError: Error | undefined;
  client.on('error', (error) => { lastError = error; });
  client.on('close', () => reportDrop(new Error(`The SSH connection to ${settings.host}:${settings.port} closed${lastError ? `: ${lastError.message}` : ''}.`)));
  client.on('tcp connection', (_details, accept, reject) => bridgeConnection(options.localPort, accept, reject));
  try {
    const sock = settings.proxy ? await connectThroughProxy(settings.proxy, { host: settings.host, port: settings.port }, options.timeoutMs) : undefined;
    await handshake(client, settings, options.timeoutMs, sock);
    await withTimeout(forwardIn(client, settings.remoteHost, settings.remotePort), options.timeoutMs, 'The SSH server (remote port forward)');
  } catch (error) {
    client.end();
    throw error;
  }
  return {
    url: settings.publicUrl,
    requestedUrl: settings.publicUrl,
    dropped,
    close: async () => {
      client.end();
      reportDrop(new Error('closed'));
    },
  };
}

/** What a refused login was tried with, and what to check. */
function loginAdvice(settings: SshSettings): string {
  if (settings.privateKey && settings.password) return 'with its key and password: check the user, that its ~/.ssh/authorized_keys on the server holds the public half of the key, and the password.';
  if (settings.privateKey) return 'with its key: check the user, and that its ~/.ssh/authorized_keys on the server holds the public half of this key.';
  if (settings.password) return 'with its password: check the user and the password, and that the server allows passwords (PasswordAuthentication).';
  return 'without a key or password: give the private key (or the password) the server expects for this user.';
}

function handshake(client: Client, settings: SshSettings, timeoutMs: number, sock?: net.Socket): Promise<void> {
  let seenKey: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    seenKey = fingerprintOf(key);
    return hostKeyMatches(key, settings.hostKey);
  };
  const config: ConnectConfig = {
    host: settings.host,
    port: settings.port,
    username: settings.user,
    privateKey: settings.privateKey,
    password: settings.password,
    hostVerifier: hostVerifier as ConnectConfig['hostVerifier'],
    readyTimeout: timeoutMs,
    keepaliveInterval: settings.keepaliveIntervalMs ?? 10_000,
    keepaliveCountMax: 3,
    ...(sock ? { sock } : {}),
  };
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      const refusedKey = seenKey && /verification failed|host denied/i.test(error.message);
      const refusedLogin = /authentication methods failed/i.test(error.message);
      reject(refusedKey
        ? new Error(`The SSH server ${settings.host}:${settings.port} presented host key ${seenKey}, not the pinned ${settings.hostKey}; refusing to connect.`, { cause: error })
        : refusedLogin ? new Error(`The SSH server ${settings.host}:${settings.port} refused the login of "${settings.user}" ${loginAdvice(settings)}`, { cause: error })
          : new Error(`The SSH connection to ${settings.host}:${settings.port} failed: ${error.message}`, { cause: error }));
    };
    client.once('error', onError);
    client.once('ready', () => {
      client.off('error', onError);
      resolve();
    });
    client.connect(config);
  });
}

function forwardIn(client: Client, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.forwardIn(host, port, (error) => (error
      ? reject(new Error(`The SSH server refused to forward ${host}:${port} (is AllowTcpForwarding on and the port free?): ${error.message}`, { cause: error }))
      : resolve()));
  });
}

/** Joins a forwarded connection to the public app; refuses it when the app does not answer. */
function bridgeConnection(localPort: number, accept: () => ClientChannel, reject: () => void): void {
  const local = net.connect({ host: '127.0.0.1', port: localPort });
  local.once('error', () => reject());
  local.once('connect', () => {
    const channel = accept();
    local.removeAllListeners('error');
    local.on('error', () => channel.destroy());
    channel.on('error', () => local.destroy());
    channel.pipe(local).pipe(channel);
  });
}
