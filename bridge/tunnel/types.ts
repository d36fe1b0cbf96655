// The tunnel contract: what every provider offers and the status the supervisor reports.
/** The tunnel's state as the UI and the CLI's JSON lines show it. */
import type { TunnelState } from '../contract/events.js';
export type { TunnelState };

/** One recorded change of state. */
export interface TunnelTransition {
  at: string;
  state: TunnelState;
  url?: string;
  detail?: string;
}

/** A snapshot of the tunnel for the admin API and the CLI. */
export interface TunnelStatus {
  state: TunnelState;
  provider: 'none' | TunnelProvider['name'];
  /** The URL that serves right now, when connected. */
  url?: string;
  /** The URL asked for (pasted into Talkdesk); differs from `url` when the relay granted another. */
  requestedUrl?: string;
  /** True when the relay granted a different URL from the one requested: Talkdesk must be updated or the name reclaimed. */
  urlChanged?: boolean;
  lastProbeAt?: string;
  lastProbeOk?: boolean;
  /** The time of the last probe that reached the bridge. */
  lastProbeOkAt?: string;
  lastError?: string;
  /** The most recent transitions, oldest first, bounded. */
  history: TunnelTransition[];
}

/** Why a session ended when someone ended it on purpose from outside (ngrok's dashboard): the supervisor stays stopped instead of reconnecting. */
export class TunnelStoppedRemotely extends Error {}

/** A live tunnel; `dropped` resolves (never rejects) when it ends by itself, with a TunnelStoppedRemotely when it was stopped from outside. */
export interface TunnelSession {
  readonly url: string;
  /** The URL that was asked for, when the relay could have granted another. */
  readonly requestedUrl?: string;
  readonly dropped: Promise<Error>;
  close(): Promise<void>;
}

/** What a provider needs to open a session. */
export interface ConnectOptions {
  /** The loopback port of the public app (never the admin app). */
  localPort: number;
  /** The time allowed for each control call (relay request, SSH handshake, port forward). */
  timeoutMs: number;
}

/** One way of making the public app reachable from the internet. */
export interface TunnelProvider {
  readonly name: 'ngrok' | 'localtunnel' | 'ssh' | 'external';
  /** The URL this provider asks for, when it can know it before connecting. */
  readonly requestedUrl?: string;
  /** Headers the end-to-end probe must send through this provider. */
  readonly probeHeaders: Record<string, string>;
  connect(options: ConnectOptions): Promise<TunnelSession>;
}
