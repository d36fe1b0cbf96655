// An HTTP server that also serves connections accepted by the public port elsewhere, and closes without cutting calls.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { withDeadline } from '../deadline.js';

export class ConnectionSink {
  private readonly adopted = new Set<Socket>();
  private served = 0;
  /** Set while closing: resolves once no adopted connection is left. */
  private drained: (() => void) | undefined;

  constructor(readonly server: Server) {
    // While closing, a call that ends leaves its connection idle: it is closed then rather than kept alive.
    server.on('request', (_request, response) => {
      response.once('finish', () => { if (this.drained) setImmediate(() => this.server.closeIdleConnections()); });
    });
  }

  /** Serves a connection accepted elsewhere (paused until now). */
  adopt(socket: Socket): void {
    this.served += 1;
    this.adopted.add(socket);
    socket.once('close', () => {
      this.adopted.delete(socket);
      if (this.adopted.size === 0) this.drained?.();
    });
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
    const drained = new Promise<void>((resolve) => { this.drained = resolve; });
    if (this.adopted.size === 0) this.drained?.();
    this.server.closeIdleConnections();
    await withDeadline(drained, graceMs, () => undefined);
    for (const socket of this.adopted) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }
}
