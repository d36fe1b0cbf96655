// Binding a server to an address: resolves once it listens, rejects when the port cannot be had; its URL; closing it.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

export function listen(server: NetServer, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** An HTTP server for `app`, listening. */
export async function serve(app: RequestListener, host: string, port: number): Promise<Server> {
  const server = createServer(app);
  await listen(server, host, port);
  return server;
}

/** Stops accepting and resolves once every connection has ended; idle kept-alive ones are closed now. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export function addressUrl({ port }: AddressInfo, host: string): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function urlOf(server: NetServer, host: string): string {
  return addressUrl(server.address() as AddressInfo, host);
}
