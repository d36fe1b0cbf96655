// Fetches an SSH server's host key fingerprint for the admin to confirm before it is pinned ("fetch and confirm").
import { Client, type ConnectConfig } from 'ssh2';
import { connectThroughProxy, proxyFor } from './http-proxy.js';
import { fingerprintOf } from './ssh.js';

export interface HostKeySighting {
  fingerprint: string;
  /** The key type the server offered first (e.g. "ssh-ed25519"). */
  algorithm: string;
}

/** Connects only far enough to see the host key, then hangs up (nothing is authenticated or forwarded). */
export async function fetchSshHostKey(host: string, port: number, timeoutMs: number, proxy?: { url?: string; password?: string }): Promise<HostKeySighting> {
  const proxyUrl = proxyFor(host, proxy?.url);
  const sock = proxyUrl ? await connectThroughProxy({ url: proxyUrl, password: proxy?.password }, { host, port }, timeoutMs) : undefined;
  const client = new Client();
  return new Promise((resolve, reject) => {
    let seen: HostKeySighting | undefined;
    const hostVerifier = (key: Buffer): boolean => {
      seen = { fingerprint: fingerprintOf(key), algorithm: key.subarray(4, 4 + key.readUInt32BE(0)).toString('latin1') };
      return false;
    };
    client.on('error', (error) => {
      client.end();
      if (seen) resolve(seen);
      else reject(new Error(`The SSH server ${host}:${port} could not be reached: ${error.message}`, { cause: error }));
    });
    client.on('close', () => { if (seen) resolve(seen); });
    const config: ConnectConfig = {
      host, port, username: 'deskbridge-host-key-check', readyTimeout: timeoutMs,
      hostVerifier: hostVerifier as ConnectConfig['hostVerifier'], ...(sock ? { sock } : {}),
    };
    client.connect(config);
  });
}
