// The localtunnel provider: asks a localtunnel relay for a stable name and keeps the client's sockets to it.
import Tunnel, { type RelayGrant } from 'localtunnel/lib/Tunnel.js';
import type { ConnectOptions, TunnelProvider, TunnelSession } from './types.js';

export interface LocaltunnelSettings {
  /** The relay, e.g. https://localtunnel.me or an office's own localtunnel server. */
  host: string;
  /** The stable name to ask for; without one the relay picks a random name each time. */
  subdomain?: string;
  /** Where the public app listens; loopback IPv4 so "localhost" never resolves to an address it does not serve. */
  localHost?: string;
}

/**
 * The package's client, with its first step replaced: the stock client asks the relay through axios and,
 * when the relay is down, retries every second forever with no timeout and no way to stop. Here the
 * supervisor makes that request itself (with a timeout) and hands the grant to the client.
 */
class GrantedTunnel extends Tunnel {
  constructor(options: ConstructorParameters<typeof Tunnel>[0], private readonly grant: RelayGrant) {
    super(options);
  }

  protected override _init(callback: (error: Error | null, info?: unknown) => void): void {
    callback(null, this._getInfo(this.grant));
  }
}

export function createLocaltunnelProvider(settings: LocaltunnelSettings): TunnelProvider {
  return {
    name: 'localtunnel',
    // The relay decides the URL's form; the requested URL is known once it has answered.
    requestedUrl: undefined,
    probeHeaders: { 'bypass-tunnel-reminder': 'deskbridge' },
    connect: (options) => connectLocaltunnel(settings, options),
  };
}

async function connectLocaltunnel(settings: LocaltunnelSettings, options: ConnectOptions): Promise<TunnelSession> {
  const grant = await requestGrant(settings, options.timeoutMs);
  const tunnel = new GrantedTunnel({ host: settings.host, port: options.localPort, local_host: settings.localHost ?? '127.0.0.1' }, grant);
  let reportDrop: (error: Error) => void = () => {};
  const dropped = new Promise<Error>((resolve) => { reportDrop = resolve; });
  // Sockets still connecting when the tunnel closes report errors later; an unheard 'error' would crash the process.
  tunnel.on('error', (error: Error) => reportDrop(new Error(`The relay connection dropped: ${error.message}`, { cause: error })));
  await new Promise<void>((resolve, reject) => tunnel.open((error) => (error ? reject(error) : resolve())));
  return {
    url: grant.url,
    requestedUrl: settings.subdomain ? requestedUrlOf(grant, settings.subdomain) : undefined,
    dropped,
    close: async () => {
      tunnel.close();
      reportDrop(new Error('closed'));
    },
  };
}

/** The granted URL with the granted name replaced by the requested one. */
function requestedUrlOf(grant: RelayGrant, subdomain: string): string {
  if (grant.id === subdomain) return grant.url;
  return grant.url.replace(`//${grant.id}.`, `//${subdomain}.`);
}

/** Asks the relay for the name (GET /<name>), with a timeout, and explains answers that are not a grant. */
export async function requestGrant(settings: LocaltunnelSettings, timeoutMs: number): Promise<RelayGrant> {
  const base = settings.host.replace(/\/+$/, '');
  const address = settings.subdomain ? `${base}/${settings.subdomain}` : `${base}/?new`;
  let response: Response;
  try {
    response = await fetch(address, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new Error(`The localtunnel relay ${base} did not answer: ${describeFetchError(error)}`, { cause: error });
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok || !isGrant(body)) {
    const message = body && typeof body === 'object' && 'message' in body ? String(body.message) : undefined;
    if (message) throw new Error(`The localtunnel relay ${base} refused the tunnel: ${message}`);
    const kind = /^\s*</.test(text) ? 'an HTML page' : `HTTP ${response.status}`;
    throw new Error(`The localtunnel relay ${base} answered with ${kind} instead of tunnel details; is it a localtunnel server?`);
  }
  return body;
}

function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

function isGrant(body: unknown): body is RelayGrant {
  if (!body || typeof body !== 'object') return false;
  const grant = body as Partial<RelayGrant>;
  return typeof grant.id === 'string' && typeof grant.url === 'string' && typeof grant.port === 'number';
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
