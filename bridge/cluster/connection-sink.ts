// An HTTP server that also serves connections accepted by the public port elsewhere, and closes without cutting calls.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionSink {
  private readonly adopted = new Set<Socket>();
  private served = 0;

  constructor(readonly server: Server) {}

  /** Serves a connection accepted elsewhere (paused until now). */
  adopt(socket: Socket): void {
    this.served += 1;
    this.adopted.add(socket);
    socket.once('close', () => this.adopted.delete(socket));
    this.server.emit('connection', socket);
    socket.resume();
  }

  /** Connections handed to this server so far. */
  get connections(): number {
    return this.served;
  }

  /** Stops listening; lets calls in flight finish for at most `graceMs`, closing each connection once idle, then drops the rest. */
  async close(graceMs = 5000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + graceMs;
    while (this.adopted.size > 0 && Date.now() < deadline) {
      this.server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const socket of this.adopted) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }
}
