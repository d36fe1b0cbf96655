// A test double of the ngrok SDK module (typed by the provider's NgrokSdk): sessions, endpoints, errors and a loopback "edge".
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { NgrokEndpointBuilder, NgrokListener, NgrokSdk, NgrokSession, NgrokSessionBuilder } from '../../bridge/tunnel/ngrok-sdk.js';

/** An error shaped like the SDK's: ngrok's message ending in its code, and `errorCode` set. */
export function ngrokSdkError(code: string, message: string): Error {
  return Object.assign(new Error(`${message}\n\n${code}\r\n, error_code: ${code}`), { code: 'GenericFailure', errorCode: code });
}

interface DoubleSession {
  authtoken?: string;
  closed: boolean;
  /** Resolves when the session is closed. */
  whenClosed: Promise<void>;
  /** Breaks the link as the SDK reports it (its disconnection handler). */
  disconnect(reason: string): void;
  stopFromDashboard(): void;
}

/** What the double saw and what it will do next; tests set the `next*` fields. */
export interface NgrokDoubleState {
  sessions: DoubleSession[];
  endpoints: Array<{ domain?: string; pooling?: boolean; forwardsTo: string; url: string }>;
  /** Errors the next connects (then listens) throw, in order. */
  nextConnectErrors: Error[];
  nextListenErrors: Error[];
  /** When set, connect() waits for this promise before answering (a network that does not answer). */
  connectGate?: Promise<void>;
  edgesOpen: number;
}

/** A certificate for "localhost" (test/support/tls): an edge given it serves HTTPS, as ngrok's does, and its URL is https://localhost:PORT. */
export interface EdgeTls { cert: string; key: string }

/** The loopback certificate in test/support/tls, for an HTTPS edge; trust `cert` as its authority. */
export function loopbackEdgeTls(): EdgeTls {
  const read = (name: string) => readFileSync(new URL(`./tls/${name}`, import.meta.url), 'utf8');
  return { cert: read('localhost-cert.pem'), key: read('localhost-key.pem') };
}

/** The double and its state; `sessionOpened` resolves with the first session; `close` stops any edge still listening. */
export function createNgrokSdkDouble(options: { edgeTls?: EdgeTls } = {}): { sdk: NgrokSdk; state: NgrokDoubleState; sessionOpened: Promise<void>; close(): Promise<void> } {
  const state: NgrokDoubleState = { sessions: [], endpoints: [], nextConnectErrors: [], nextListenErrors: [], edgesOpen: 0 };
  let firstOpened: () => void = () => {};
  const sessionOpened = new Promise<void>((resolve) => { firstOpened = resolve; });
  const edges = new Set<http.Server | https.Server>();

  class EndpointBuilderDouble implements NgrokEndpointBuilder {
    private settings: { domain?: string; pooling?: boolean } = {};
    constructor(private readonly session: SessionRecord) {}
    domain(domain: string): this { this.settings.domain = domain; return this; }
    poolingEnabled(enabled: boolean): this { this.settings.pooling = enabled; return this; }
    async listenAndForward(toUrl: string): Promise<NgrokListener> {
      if (this.session.closed) throw new Error('session closed');
      const failure = state.nextListenErrors.shift();
      if (failure) throw failure;
      const edge = await startEdge(toUrl, options.edgeTls);
      edges.add(edge);
      state.edgesOpen += 1;
      const port = (edge.address() as AddressInfo).port;
      // Like ngrok: a reserved domain is the URL; otherwise the edge's own (loopback) address stands in for the assigned one.
      const own = options.edgeTls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
      const url = this.settings.domain ? `https://${this.settings.domain}` : own;
      state.endpoints.push({ ...this.settings, forwardsTo: toUrl, url });
      const closeEdge = async () => {
        if (!edges.delete(edge)) return;
        state.edgesOpen -= 1;
        await new Promise<void>((resolve) => { edge.close(() => resolve()); edge.closeAllConnections(); });
      };
      this.session.onClose.push(closeEdge);
      return { url: () => url, close: closeEdge };
    }
  }

  class SessionBuilderDouble implements NgrokSessionBuilder {
    private token?: string;
    private onDisconnect: (addr: string, error: string) => boolean = () => true;
    private onStop: () => void = () => {};
    authtoken(authtoken: string): this { this.token = authtoken; return this; }
    clientInfo(): this { return this; }
    serverAddr(): this { return this; }
    handleDisconnection(handler: (addr: string, error: string) => boolean): this { this.onDisconnect = handler; return this; }
    handleStopCommand(handler: () => void): this { this.onStop = handler; return this; }
    async connect(): Promise<NgrokSession> {
      if (state.connectGate) await state.connectGate;
      const failure = state.nextConnectErrors.shift();
      if (failure) throw failure;
      const record = createSessionRecord(this.token, this.onDisconnect, this.onStop);
      state.sessions.push(record);
      firstOpened();
      return {
        httpEndpoint: () => new EndpointBuilderDouble(record),
        close: async () => {
          record.closed = true;
          record.markClosed();
          await Promise.all(record.onClose.splice(0).map((closeEdge) => closeEdge()));
        },
      };
    }
  }

  return {
    sdk: { SessionBuilder: SessionBuilderDouble },
    state,
    sessionOpened,
    close: async () => {
      await Promise.all([...edges].map((edge) => new Promise<void>((resolve) => { edge.close(() => resolve()); edge.closeAllConnections(); })));
    },
  };
}

type SessionRecord = DoubleSession & { onClose: Array<() => Promise<void>>; markClosed: () => void };

function createSessionRecord(authtoken: string | undefined, onDisconnect: (addr: string, error: string) => boolean, onStop: () => void): SessionRecord {
  let markClosed: () => void = () => {};
  const whenClosed = new Promise<void>((resolve) => { markClosed = resolve; });
  return {
    authtoken, closed: false, onClose: [], whenClosed, markClosed,
    disconnect: (reason) => { onDisconnect('connect.ngrok-agent.com:443', reason); },
    stopFromDashboard: () => onStop(),
  };
}

/** A loopback HTTP(S) server standing in for ngrok's edge: forwards each request to `toUrl` and sets X-Forwarded-For as ngrok does. */
async function startEdge(toUrl: string, tls: EdgeTls | undefined): Promise<http.Server | https.Server> {
  const target = new URL(toUrl);
  const forward: http.RequestListener = (request, response) => {
    const upstream = http.request({
      host: target.hostname, port: target.port, path: request.url, method: request.method,
      headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '' },
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => {
      // ngrok answers an unreachable upstream with its own HTML error page (ERR_NGROK_8012).
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><title>ERR_NGROK_8012</title></html>');
    });
    request.pipe(upstream);
  };
  const edge = tls ? https.createServer(tls, forward) : http.createServer(forward);
  edge.listen(0, '127.0.0.1');
  await once(edge, 'listening');
  return edge;
}
