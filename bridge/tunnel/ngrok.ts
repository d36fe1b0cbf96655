// The ngrok provider: an HTTPS endpoint on ngrok's edge through the official SDK, encrypted from this machine to the edge.
import { describeNgrokError, type NgrokErrorContext } from './ngrok-errors.js';
import { loadNgrokSdk, type NgrokSdk, type NgrokSession } from './ngrok-sdk.js';
import { withTimeout } from './timing.js';
import { TunnelStoppedRemotely, type ConnectOptions, type TunnelProvider, type TunnelSession } from './types.js';

export interface NgrokSettings {
  /** The account's authtoken, resolved from its secret reference at each connect; never logged. */
  authtoken: string;
  /** A domain reserved on the account (e.g. "acme.ngrok.app"); without one ngrok assigns the URL. */
  domain?: string;
  /** Lets several agents serve the same domain (endpoint pooling), for two installs sharing one URL. */
  pooling: boolean;
  /** Where the agent connects instead of ngrok's own ingress (a custom agent ingress; tests point it at loopback). */
  serverAddr?: string;
}

/** The environment variable that sets NgrokSettings.serverAddr. */
export const NGROK_SERVER_ADDR_ENV = 'DESKBRIDGE_NGROK_SERVER_ADDR';

/** Where the agent connects: ngrok's own address unless a test points it elsewhere. */
export const NGROK_DEFAULT_SERVER_ADDR = 'connect.ngrok-agent.com:443';

/** The address DESKBRIDGE_NGROK_SERVER_ADDR sets, if any (empty counts as unset). */
export function ngrokServerAddr(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[NGROK_SERVER_ADDR_ENV] || undefined;
}

export interface NgrokProviderOptions {
  domain?: string;
  /** Runs at every connect, so a rotated authtoken takes effect on the next reconnect. */
  loadSettings: () => Promise<NgrokSettings>;
  /** The SDK; the real one by default, a test double in tests. */
  loadSdk?: () => Promise<NgrokSdk>;
}

/** ngrok shows free-plan visitors with a browser an interstitial page unless this header is sent. */
const PROBE_HEADERS = { 'ngrok-skip-browser-warning': 'deskbridge' };

export function createNgrokProvider(options: NgrokProviderOptions): TunnelProvider {
  return {
    name: 'ngrok',
    requestedUrl: options.domain ? `https://${options.domain}` : undefined,
    probeHeaders: PROBE_HEADERS,
    connect: async (connectOptions) => {
      const settings = await options.loadSettings();
      const sdk = await (options.loadSdk ?? (() => loadNgrokSdk()))();
      return connectNgrok(sdk, settings, connectOptions);
    },
  };
}

async function connectNgrok(sdk: NgrokSdk, settings: NgrokSettings, options: ConnectOptions): Promise<TunnelSession> {
  const proxyInEnvironment = Boolean(process.env.HTTPS_PROXY ?? process.env.https_proxy);
  const context: NgrokErrorContext = { domain: settings.domain, authtoken: settings.authtoken, proxyInEnvironment };
  let reportDrop: (error: Error) => void = () => {};
  const dropped = new Promise<Error>((resolve) => { reportDrop = resolve; });
  const builder = new sdk.SessionBuilder()
    .authtoken(settings.authtoken)
    .clientInfo('deskbridge', '1')
    // The supervisor rebuilds the session with its own backoff, so the status shows the break.
    .handleDisconnection((_addr, error) => {
      reportDrop(new Error(`The link to ngrok broke: ${describeNgrokError(new Error(error), context)}`));
      return true;
    })
    // Reconnecting would undo what the admin just did in ngrok's dashboard; the Go live page's "Start tunnel" brings it back.
    .handleStopCommand(() => reportDrop(new TunnelStoppedRemotely(
      'Someone stopped this agent from the ngrok dashboard or API, so the tunnel stays stopped: start it again on the Go live page ("Start tunnel") or restart Deskbridge.',
    )));
  if (settings.serverAddr) builder.serverAddr(settings.serverAddr);
  const session = await settle(builder.connect(), options.timeoutMs, 'ngrok (opening the session)', context);
  try {
    const endpoint = session.httpEndpoint().poolingEnabled(settings.pooling);
    if (settings.domain) endpoint.domain(settings.domain);
    // Loopback IPv4: "localhost" could resolve to an address the public app does not listen on.
    const listener = await settle(endpoint.listenAndForward(`http://127.0.0.1:${options.localPort}`), options.timeoutMs, 'ngrok (opening the endpoint)', context);
    const url = listener.url();
    if (!url) throw new Error('ngrok opened the endpoint but gave it no URL.');
    return {
      url,
      requestedUrl: settings.domain ? `https://${settings.domain}` : undefined,
      dropped,
      close: async () => {
        reportDrop(new Error('closed'));
        await closeQuietly(session);
      },
    };
  } catch (error) {
    await closeQuietly(session);
    throw error;
  }
}

/** Awaits an SDK call within the timeout with its error explained; a call that finishes late is closed, never left open. */
async function settle<T extends { close(): Promise<void> }>(call: Promise<T>, timeoutMs: number, what: string, context: NgrokErrorContext): Promise<T> {
  try {
    return await withTimeout(call, timeoutMs, what);
  } catch (error) {
    call.then((late) => late.close(), () => {}).catch(() => {});
    // The SDK's error is not kept as the cause: ngrok quotes a refused authtoken back in it.
    throw new Error(describeNgrokError(error, context));
  }
}

async function closeQuietly(session: NgrokSession): Promise<void> {
  try {
    await session.close();
  } catch {
    // already closed, or the link is gone: nothing left to release
  }
}
