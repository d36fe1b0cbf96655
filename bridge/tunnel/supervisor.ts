// The tunnel supervisor: opens the tunnel, probes it end to end, rebuilds it with backoff, reports status.
import type { Logger } from '../logger.js';
import type { TunnelConfig } from '../profile/schema.js';
import { probeUrl, type ProbeOptions } from './probe.js';
import { createProvider, type ResolveSecret } from './providers.js';
import type { NgrokSdk } from './ngrok-sdk.js';
import { createStatusTracker, type StatusTracker } from './status.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, sleepUnless, withTimeout, type BackoffOptions } from './timing.js';
import { TunnelStoppedRemotely, type TunnelProvider, type TunnelSession, type TunnelStatus, type TunnelTransition } from './types.js';

export interface TunnelSupervisorOptions {
  config: TunnelConfig;
  /** The public app's loopback port; the admin port must never be given here. */
  localPort: number;
  resolveSecret: ResolveSecret;
  logger: Logger;
  /** Called on every status change; `transition` is set when the state, URL or detail changed. */
  onStatus?: (status: TunnelStatus, transition?: TunnelTransition) => void;
  probeIntervalMs?: number;
  probePath?: string;
  controlTimeoutMs?: number;
  probeTimeoutMs?: number;
  backoff?: BackoffOptions;
  historyLimit?: number;
  /** Probe through this address instead of resolving the public host name (see ProbeOptions.connectTo). */
  probeConnectTo?: ProbeOptions['connectTo'];
  /** Certificates trusted for the public URL besides the system's (see ProbeOptions.ca). */
  probeCa?: ProbeOptions['ca'];
  /** The ngrok SDK to use instead of loading @ngrok/ngrok (a test double). */
  ngrokSdk?: NgrokSdk;
  /** Replaces the provider built from `config` (test doubles). */
  provider?: TunnelProvider;
}

export interface TunnelSupervisor {
  /** Starts the tunnel; resolves once the first attempt is online, degraded or failed (it keeps retrying). */
  start(): Promise<void>;
  /** Closes the tunnel and stops retrying. */
  stop(): Promise<void>;
  status(): TunnelStatus;
  /** Closes the tunnel until resume() (the user's "disconnect", or the machine going to sleep). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

export function createTunnelSupervisor(options: TunnelSupervisorOptions): TunnelSupervisor {
  const provider = options.provider ?? createProvider(options.config, options.resolveSecret, { ngrokSdk: options.ngrokSdk });
  const tracker = createStatusTracker({
    provider: provider?.name ?? 'none', requestedUrl: provider?.requestedUrl, limit: options.historyLimit, onStatus: options.onStatus,
  });
  let run: Run | undefined;

  const begin = async (): Promise<void> => {
    if (!provider) {
      tracker.transition('stopped', { detail: 'No tunnel is configured; the public app is reachable on this machine only.' });
      return;
    }
    if (run) return;
    const controller = new AbortController();
    let settled: () => void = () => {};
    const firstAttempt = new Promise<void>((resolve) => { settled = resolve; });
    const current: Run = { controller, done: Promise.resolve() };
    // A loop that ends by itself (stopped from outside) leaves the supervisor ready to start again, before it reports the stop.
    const ended = () => { if (run === current) run = undefined; };
    current.done = superviseLoop({ options, provider, tracker, signal: controller.signal, settled: () => settled(), ended });
    run = current;
    await Promise.race([firstAttempt, current.done]);
  };
  const end = async (detail: string): Promise<void> => {
    const current = run;
    run = undefined;
    if (current) {
      current.controller.abort();
      await current.done;
    }
    tracker.transition('stopped', { detail });
  };

  return {
    start: begin,
    stop: () => end('Stopped.'),
    pause: () => end('Paused.'),
    resume: begin,
    status: () => tracker.snapshot(),
  };
}

interface LoopContext {
  options: TunnelSupervisorOptions;
  provider: TunnelProvider;
  tracker: StatusTracker;
  signal: AbortSignal;
  settled: () => void;
  /** The loop ends by itself (not aborted). */
  ended: () => void;
}

/** Connects, serves, and reconnects with backoff until aborted; a bounded number of steps per attempt. */
async function superviseLoop(context: LoopContext): Promise<void> {
  const { options, tracker, signal } = context;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let attempt = 0;
  while (!signal.aborted) {
    tracker.transition('connecting', { detail: attempt === 0 ? undefined : `attempt ${attempt + 1}` });
    const opened = await openSession(context);
    let reason: string;
    if (typeof opened === 'string') {
      reason = opened;
    } else {
      const ended = await serveSession(context, opened, attempt, () => { attempt = 0; });
      await opened.close().catch(() => {});
      if (ended instanceof TunnelStoppedRemotely) {
        context.ended();
        tracker.setError(undefined);
        tracker.transition('stopped', { detail: ended.message });
        options.logger.warn({ tunnel: context.provider.name }, `tunnel stopped: ${ended.message}`);
        context.settled();
        return;
      }
      reason = ended;
    }
    context.settled();
    if (signal.aborted) return;
    const wait = backoffDelay(attempt++, backoff);
    tracker.setError(reason);
    tracker.transition('offline', { detail: `${/[.!?]$/.test(reason) ? reason : `${reason}.`} Retrying in ${formatDelay(wait)}.` });
    options.logger.warn({ tunnel: options.provider?.name ?? options.config.provider, retryInMs: wait }, `tunnel offline: ${reason}`);
    await sleep(wait, signal);
  }
}

/** Opens a session within the control timeout; a string says why it could not. */
async function openSession(context: LoopContext): Promise<TunnelSession | string> {
  const { options, provider } = context;
  const timeoutMs = options.controlTimeoutMs ?? 10_000;
  const connecting = provider.connect({ localPort: options.localPort, timeoutMs });
  try {
    // The provider applies the timeout to each of its calls; this bounds the whole connect as well.
    return await withTimeout(connecting, timeoutMs * 3, `The ${provider.name} tunnel`);
  } catch (error) {
    // A connect that finishes after its timeout must not leave a session open.
    connecting.then((late) => late.close(), () => {});
    return error instanceof Error ? error.message : String(error);
  }
}

/** Probes the session until it drops, a probe fails, or (when the relay gave another name) it is time to reclaim the name. */
async function serveSession(context: LoopContext, session: TunnelSession, attempt: number, onHealthy: () => void): Promise<string | TunnelStoppedRemotely> {
  const { options, tracker, signal } = context;
  const urlChanged = session.requestedUrl !== undefined && session.url !== session.requestedUrl;
  const changeNote = urlChanged ? announceUrlChange(context, session) : undefined;
  const dropped = session.dropped.then((error) => (error instanceof TunnelStoppedRemotely ? error : error.message));
  const probeInterval = options.probeIntervalMs ?? 30_000;
  while (!signal.aborted) {
    const result = await probeUrl(session.url, {
      path: options.probePath, headers: context.provider.probeHeaders, timeoutMs: options.probeTimeoutMs ?? 10_000, connectTo: options.probeConnectTo, ca: options.probeCa,
    });
    tracker.recordProbe(result.ok, result.ok ? undefined : result.detail);
    if (!result.ok) return `The end-to-end probe failed: ${result.detail}`;
    // A borrowed name is not healthy: keep backing off so reclaim attempts thin out.
    if (!urlChanged) onHealthy();
    tracker.transition(urlChanged ? 'degraded' : 'online', { url: session.url, requestedUrl: session.requestedUrl, detail: changeNote, urlChanged });
    if (!urlChanged) tracker.setError(undefined);
    context.settled();
    const wait = urlChanged ? Math.min(probeInterval, 1000 + backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF)) : probeInterval;
    const outcome = await sleepUnless(wait, signal, dropped);
    if (outcome !== undefined) return outcome;
    if (urlChanged && !signal.aborted) return `Reconnecting to reclaim ${session.requestedUrl}.`;
  }
  return 'Stopped.';
}

function announceUrlChange(context: LoopContext, session: TunnelSession): string {
  const message = `The relay granted ${session.url} instead of ${session.requestedUrl}: Talkdesk still calls ${session.requestedUrl}, `
    + 'so its calls fail until the name is reclaimed (retrying) or the Talkdesk configuration is updated to the new URL.';
  context.tracker.setError(message);
  context.options.logger.error({ requestedUrl: session.requestedUrl, grantedUrl: session.url }, `TUNNEL URL CHANGED: ${message}`);
  return message;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
