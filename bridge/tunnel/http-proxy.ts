// Outbound connections through an office's HTTP proxy: which proxy applies (profile, or HTTPS_PROXY/NO_PROXY), and CONNECT tunnels.
import net from 'node:net';
import { once } from 'node:events';
import { isLoopbackHost } from '../contract/hosts.js';

/** A proxy to go through; `password` comes from a stored secret or the environment, never from the profile. */
export interface ProxySettings {
  url: URL;
  password?: string;
}

/**
 * The proxy for a connection to `host`: the profile's, else HTTPS_PROXY (or HTTP_PROXY) unless NO_PROXY lists the host.
 * A proxy cannot reach this machine's loopback, so the environment's never applies to it.
 */
export function proxyFor(host: string, configured: string | undefined, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (configured) return new URL(configured);
  const fromEnv = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  if (!fromEnv || isLoopbackHost(host) || bypassesProxy(host, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  return new URL(/^[a-z]+:\/\//i.test(fromEnv) ? fromEnv : `http://${fromEnv}`);
}


/** NO_PROXY: "*", host names (a leading dot or not, subdomains included) and addresses, comma or space separated. */
export function bypassesProxy(host: string, noProxy: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.split(/[\s,]+/).filter(Boolean).some((entry) => {
    const rule = entry.toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, '');
    return rule === '*' || name === rule || name.endsWith(`.${rule}`);
  });
}

/** The proxy as logs and messages may show it: no password. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}`;
}

/** Opens a TCP tunnel to host:port through the proxy (HTTP CONNECT); the socket then carries the protocol (SSH) as if direct. */
export async function connectThroughProxy(proxy: ProxySettings, target: { host: string; port: number }, timeoutMs: number): Promise<net.Socket> {
  const { url } = proxy;
  if (url.protocol !== 'http:') throw new Error(`The proxy ${describeProxy(url)} must be an http:// proxy (CONNECT); ${url.protocol} proxies are not supported.`);
  const where = describeProxy(url);
  const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
  try {
    await once(socket, 'connect');
  } catch (error) {
    throw new Error(`The proxy ${where} did not accept a connection: ${(error as Error).message}. Check tunnel.proxy (or HTTPS_PROXY).`, { cause: error });
  }
  const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const user = decodeURIComponent(url.username);
  const password = proxy.password ?? decodeURIComponent(url.password);
  const credentials = user ? `Proxy-Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}\r\n` : '';
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${credentials}\r\n`);
  try {
    const { status, reason, rest } = await readResponseHead(socket);
    if (status !== 200) throw new Error(refusal(where, authority, status, reason, Boolean(user)));
    socket.setTimeout(0);
    if (rest.length > 0) socket.unshift(rest);
    return socket;
  } catch (error) {
    socket.destroy();
    throw error instanceof Error && error.message.startsWith('The proxy') ? error
      : new Error(`The proxy ${where} broke off while opening a tunnel to ${authority}: ${(error as Error).message}`, { cause: error });
  }
}

function refusal(where: string, authority: string, status: number, reason: string, hadCredentials: boolean): string {
  if (status === 407) {
    return hadCredentials
      ? `The proxy ${where} refused the user name or password (HTTP 407): check the user in tunnel.proxy and the secret in tunnel.proxyPassword.`
      : `The proxy ${where} asks for a user name and password (HTTP 407): put the user in tunnel.proxy (http://user@host:port) and the password in tunnel.proxyPassword.`;
  }
  return `The proxy ${where} refused to open a tunnel to ${authority} (HTTP ${status}${reason ? ` ${reason}` : ''}): ask the network admin to allow CONNECT to that host and port.`;
}

/** Reads up to the blank line that ends the proxy's answer; bytes after it belong to the tunnelled protocol. */
async function readResponseHead(socket: net.Socket): Promise<{ status: number; reason: string; rest: Buffer }> {
  let buffered = Buffer.alloc(0);
  for (;;) {
    const end = buffered.indexOf('\r\n\r\n');
    if (end >= 0) {
      const line = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(line);
      if (!match) throw new Error(`it answered "${line.slice(0, 60)}", not HTTP; is this an HTTP proxy?`);
      return { status: Number(match[1]), reason: match[2] ?? '', rest: buffered.subarray(end + 4) };
    }
    if (buffered.length > 16 * 1024) throw new Error('its answer is too long');
    const chunk = await nextChunk(socket);
    buffered = Buffer.concat([buffered, chunk]);
  }
}

/** The next bytes, read in paused mode: once the head is read, the socket is left for the tunnelled protocol to read as it likes. */
function nextChunk(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cleanup = () => { socket.off('readable', tryRead); socket.off('error', onError); socket.off('end', onEnd); };
    function tryRead() {
      const chunk = socket.read() as Buffer | null;
      if (chunk) { cleanup(); resolve(chunk); }
    }
    const onError = (error: Error) => { cleanup(); reject(error); };
    const onEnd = () => { cleanup(); reject(new Error('it closed the connection')); };
    socket.on('readable', tryRead);
    socket.once('error', onError);
    socket.once('end', onEnd);
  });
}
