// A test double of an office HTTP proxy: accepts CONNECT on loopback, optionally asks for Basic credentials, and records each tunnel.
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxyTestDouble {
  port: number;
  url: string;
  /** The CONNECT targets asked for, with the Proxy-Authorization sent. */
  requests: Array<{ target: string; authorization?: string }>;
  /** Answers every CONNECT with this status instead of tunnelling (e.g. 403). */
  refuseWith?: number;
  close(): Promise<void>;
}

/** Starts the proxy; with `credentials`, a CONNECT without the matching Basic header gets 407. */
export async function startConnectProxyTestDouble(options: { credentials?: { user: string; password: string } } = {}): Promise<ConnectProxyTestDouble> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => response.writeHead(405).end());
  const double: ConnectProxyTestDouble = {
    port: 0, url: '', requests: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}` : undefined;
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const authorization = request.headers['proxy-authorization'];
    double.requests.push({ target: request.url ?? '', ...(authorization ? { authorization } : {}) });
    if (expected && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="office"\r\n\r\n');
      return;
    }
    if (double.refuseWith) {
      client.end(`HTTP/1.1 ${double.refuseWith} Forbidden\r\n\r\n`);
      return;
    }
    const [host, port] = splitTarget(request.url ?? '');
    const upstream = net.connect({ host, port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  double.port = (server.address() as AddressInfo).port;
  double.url = `http://127.0.0.1:${double.port}`;
  return double;
}

function splitTarget(target: string): [string, number] {
  const index = target.lastIndexOf(':');
  return [target.slice(0, index).replace(/^\[|\]$/g, ''), Number(target.slice(index + 1))];
}
