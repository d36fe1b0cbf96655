// Live checks for a diagnostics bundle: DNS, TCP, TLS, an HTTP answer, the clock against a server's Date header, disk space.
import { promises as dns } from 'node:dns';
import { statfs } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { withDeadline } from '../deadline.js';

/** One check's outcome: what was tried, whether it worked, how long it took, and in words what was found. */
export interface CheckResult {
  check: string;
  target?: string;
  ok: boolean;
  ms?: number;
  detail: string;
  [extra: string]: unknown;
}

export const CHECK_TIMEOUT_MS = 5000;

/** Runs WORK under a time limit; a check never throws, it reports. */
export async function timed(check: string, target: string | undefined, work: (signal: AbortSignal) => Promise<{ ok?: boolean; detail: string; [extra: string]: unknown }>, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  const late = () => {
    controller.abort();
    throw new Error(`no answer within ${timeoutMs / 1000} s`);
  };
  try {
    const { ok = true, ...rest } = await withDeadline(work(controller.signal), timeoutMs, late);
    return { check, ...(target ? { target } : {}), ok, ms: Math.round(performance.now() - started), ...rest };
  } catch (error) {
    const reason = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ? `${(error as NodeJS.ErrnoException).code}: ` : ''}${error.message}` : String(error);
    return { check, ...(target ? { target } : {}), ok: false, ms: Math.round(performance.now() - started), detail: reason };
  }
}

export function checkDns(host: string): Promise<CheckResult> {
  return timed('dns', host, async () => {
    const addresses = await dns.lookup(host, { all: true });
    return { detail: `resolves to ${addresses.map((entry) => entry.address).join(', ')}` };
  });
}

export function checkTcp(host: string, port: number): Promise<CheckResult> {
  return timed('tcp', `${host}:${port}`, (signal) => new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, signal });
    socket.once('connect', () => { socket.destroy(); resolve({ detail: 'connection accepted' }); });
    socket.once('error', reject);
  }));
}

/** A TLS handshake: the protocol, and whether the certificate is trusted for HOST (an untrusted one is reported, not hidden). */
export function checkTls(host: string, port: number): Promise<CheckResult> {
  return timed('tls', `${host}:${port}`, (signal) => new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false });
    signal.addEventListener('abort', () => socket.destroy(), { once: true });
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      const trusted = socket.authorized;
      const why = socket.authorizationError ? String(socket.authorizationError) : '';
      const protocol = socket.getProtocol() ?? 'TLS';
      socket.destroy();
      resolve({
        ok: trusted,
        detail: trusted ? `${protocol} handshake, certificate trusted` : `handshake done but the certificate is not trusted: ${why}`,
        protocol, certificateSubject: certificate.subject?.CN, certificateValidTo: certificate.valid_to,
      });
    });
    socket.once('error', reject);
  }));
}

/** GET URL: answering means any HTTP answer; `ok` when it is a 2xx. */
export function checkHttp(check: string, url: string): Promise<CheckResult> {
  return timed(check, url, async (signal) => {
    const response = await fetch(url, { signal, redirect: 'manual' });
    await response.body?.cancel();
    return { ok: response.ok, status: response.status, detail: `answered ${response.status}` };
  });
}

/**
 * This computer's clock against the `Date` header of an HTTPS server it already depends on (the tunnel relay or
 * the public URL), so no time server need be reachable. The header has whole seconds and the answer takes a round
 * trip, so the offset is only known to within `uncertaintyMs`: enough to see a clock that is minutes off.
 */
export function checkClock(url: string): Promise<CheckResult> {
  return timed('clock', url, async (signal) => {
    const sent = Date.now();
    const response = await fetch(url, { method: 'HEAD', signal, redirect: 'manual' });
    const received = Date.now();
    await response.body?.cancel();
    const header = response.headers.get('date');
    const serverTime = header ? Date.parse(header) : Number.NaN;
    if (Number.isNaN(serverTime)) return { ok: false, detail: 'the server sent no Date header to compare with' };
    // The header truncates to the second: the server's time was within [serverTime, serverTime + 1000).
    const offsetMs = Math.round(serverTime + 500 - (sent + received) / 2);
    const uncertaintyMs = Math.round(500 + (received - sent) / 2);
    const ok = Math.abs(offsetMs) <= 60_000 + uncertaintyMs;
    return {
      ok, offsetMs, uncertaintyMs, measuredAgainst: `the Date header of ${url}`,
      detail: `this computer's clock is ${Math.abs(offsetMs / 1000).toFixed(1)} s ${offsetMs > 0 ? 'behind' : 'ahead of'} the server's (± ${(uncertaintyMs / 1000).toFixed(1)} s)${ok ? '' : ': set the clock right (TLS and signed tokens need it)'}`,
    };
  });
}

/** Free space where the data directory is; under 1 GB or 5% free is reported. */
export function checkDisk(directory: string): Promise<CheckResult> {
  return timed('disk', directory, async () => {
    const stats = await statfs(directory);
    const freeBytes = stats.bavail * stats.bsize;
    const totalBytes = stats.blocks * stats.bsize;
    const ok = freeBytes >= 1024 ** 3 || freeBytes >= totalBytes * 0.05;
    return { ok, freeBytes, totalBytes, detail: `${(freeBytes / 1024 ** 3).toFixed(1)} GB free of ${(totalBytes / 1024 ** 3).toFixed(1)} GB${ok ? '' : ': free some space, or the logs and the state database cannot be written'}` };
  });
}
