// Binding a server to an address: resolves once it listens, rejects when the port cannot be had.
import type { Server } from 'node:net';

export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
