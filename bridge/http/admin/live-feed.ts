// Server-sent events for the dashboard: the id of the newest logged call after each write, to few clients, with heartbeats.
import type { Response } from 'express';
import { Router } from 'express';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';

/** Open dashboards at once; one is the usual, a few allow a second window or a reload before the old stream ends. */
export const MAX_LIVE_CLIENTS = 4;
/** A comment line this often keeps proxies and the browser from treating a quiet stream as dead. */
const HEARTBEAT_MS = 15_000;

/** The open streams; `close` ends them all so the admin server can close while dashboards are open. */
export class LiveFeed {
  private readonly clients = new Set<Response>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly context: BridgeContext) {}

  get clientCount(): number {
    return this.clients.size;
  }

  /** Turns `response` into an event stream; refuses past MAX_LIVE_CLIENTS. */
  open(response: Response): void {
    if (this.clients.size >= MAX_LIVE_CLIENTS) {
      throw new BridgeError('overloaded', `Too many dashboards are open at once (${MAX_LIVE_CLIENTS}); close one and reload.`);
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write('retry: 5000\n\n');
    this.clients.add(response);
    response.on('close', () => this.drop(response));
    this.start();
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stop();
  }

  private send(text: string): void {
    for (const client of this.clients) client.write(text);
  }

  private start(): void {
    if (this.heartbeat) return;
    this.stopListening = this.context.requestLog.onWritten((newestId) => this.send(`event: request\ndata: ${JSON.stringify({ newestId })}\n\n`));
    this.heartbeat = setInterval(() => this.send(': heartbeat\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private drop(response: Response): void {
    this.clients.delete(response);
    if (this.clients.size === 0) this.stop();
  }

  private stop(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
  }
}

export function liveRoutes(feed: LiveFeed): Router {
  const router = Router();
  router.get('/events', (_request, response) => {
    feed.open(response);
  });
  return router;
}
