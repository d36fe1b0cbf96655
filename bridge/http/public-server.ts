// The HTTP server of the public port: deadlines that cut a slow caller in seconds, so it cannot hold the tunnel.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Talkdesk's calls (at most 1 MB, usually a few KB) arrive in well under a second. A caller that takes longer is cut:
 * through localtunnel each call in progress holds one of the client's 10 relay sockets, so a few callers trickling a
 * body would otherwise hold them all for Node's default five minutes. Node checks these deadlines every
 * `connectionsCheckingInterval`, so a slow caller is cut within the deadline plus that interval.
 */
export const PUBLIC_SERVER_TIMEOUTS = {
  /** From the first byte of a request (or the connection) to the end of its headers. */
  headersTimeout: 2000,
  /** From the first byte of a request to the end of its body. */
  requestTimeout: 3000,
  connectionsCheckingInterval: 250,
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeout: 5000,
  /** A connection that sends nothing at all is closed after this much silence (see `answerClientError`). */
  idleTimeout: 30_000,
} as const;

const STATUS_LINES: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
};

/**
 * Node counts the headers deadline from the moment a connection opens, so it would also cut connections that have
 * sent nothing yet: the localtunnel client opens its 10 relay sockets to this port ahead of any call, and would
 * reconnect all of them to the relay every few seconds, each cut racing a call the relay is about to send on it.
 * A connection that has sent nothing is left to the (longer) idle timeout instead (`timeout`); every other client error is
 * answered as Node would answer it.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, silent: Set<Socket>): void {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) {
    silent.add(socket);
    socket.once('close', () => silent.delete(socket));
    return;
  }
  // Node's own check: no status line once a response to this connection has begun (it would corrupt that response).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(`HTTP/1.1 ${STATUS_LINES[error.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy();
}

/** An HTTP server for the public app with the public port's deadlines (every process that serves the port uses it). */
export function createPublicServer(app: RequestListener<typeof IncomingMessage, typeof ServerResponse>): Server {
  const { headersTimeout, requestTimeout, connectionsCheckingInterval, keepAliveTimeout, idleTimeout } = PUBLIC_SERVER_TIMEOUTS;
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval, keepAliveTimeout }, app);
  server.timeout = idleTimeout;
  // Connections left open while silent are no longer tracked by Node, so closing idle connections closes them here.
  const silent = new Set<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, silent));
  const closeIdleConnections = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    closeIdleConnections();
    for (const socket of silent) if (socket.bytesRead === 0) socket.destroy();
  };
  return server;
}
