// A loopback TCP proxy in front of a database that can drop, stall or slow the connections through it, on command.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does to traffic now. */
export type FaultMode = 'pass' | 'drop' | 'stall' | 'slow' | 'lose-replies' | 'hold-replies';

/** A proxy on 127.0.0.1 (port chosen by the system) forwarding to one loopback target. */
export interface FaultProxy {
  readonly port: number;
  readonly mode: FaultMode;
  /** Client connections open through the proxy right now. */
  openConnections(): number;
  /** Resolves when the next chunk leaves for the target: a query is on its way. */
  nextChunkToTarget(): Promise<void>;
  /** Forward everything at once (the state after start; same as restore). */
  pass(): void;
  /** Reset every open connection and every new one, as a crashed server or a pulled cable would. */
  drop(): void;
  /** Accept and hold connections, forward nothing until restored (a black hole). */
  stall(): void;
  /**
   * Pass everything towards the database, but reset a connection when its reply comes back instead of delivering it:
   * the database acted on the statement and its answer is lost (a crash or a cut cable at that moment).
   */
  loseReplies(): void;
  /** Pass everything towards the database and hold its replies until restored: the answer is late, the work done. */
  holdReplies(): void;
  /** Delay every chunk, in each direction, by this many milliseconds. */
  slow(latencyMs: number): void;
  /** Back to pass; held and delayed chunks flow at once. */
  restore(): void;
  close(): Promise<void>;
}

type Waiter = () => void;

/** One direction of a connection: chunks queue here and leave when the proxy's mode allows. */
class Stream {
  private readonly queue: Buffer[] = [];
  private pumping = false;
  private ended = false;

  constructor(private readonly proxy: Proxy, private readonly link: Link, private readonly towardsTarget: boolean, private target?: Socket) {}

  attach(target: Socket): void {
    this.target = target;
    void this.pump();
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    void this.pump();
  }

  end(): void {
    this.ended = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.target) return;
    this.pumping = true;
    while (this.queue.length > 0 && !this.link.closed) {
      await this.proxy.gate(this.towardsTarget);
      if (!this.towardsTarget && this.proxy.mode === 'lose-replies') {
        this.link.reset();
        break;
      }
      const chunk = this.queue.shift();
      if (chunk && !this.link.closed) {
        this.target.write(chunk);
        if (this.towardsTarget) this.proxy.noteChunkToTarget();
      }
    }
    if (this.ended && this.queue.length === 0 && !this.link.closed) this.target.end();
    this.pumping = false;
  }
}

/** A client connection and, once the mode allows, its upstream connection. */
class Link {
  closed = false;
  upstream?: Socket;
  readonly toUpstream: Stream;
  readonly toClient: Stream;

  constructor(private readonly proxy: Proxy, readonly client: Socket) {
    this.toUpstream = new Stream(proxy, this, true);
    this.toClient = new Stream(proxy, this, false, client);
    client.on('data', (chunk) => this.toUpstream.push(chunk));
    client.on('end', () => this.toUpstream.end());
    client.on('error', () => this.close());
    client.on('close', () => this.close());
  }

  async open(host: string, port: number): Promise<void> {
    await this.proxy.gateConnect();
    if (this.closed) return;
    const upstream = createConnection({ host, port });
    this.upstream = upstream;
    upstream.on('data', (chunk) => this.toClient.push(chunk));
    upstream.on('end', () => this.toClient.end());
    upstream.on('error', () => this.reset());
    upstream.on('close', () => this.close());
    this.toUpstream.attach(upstream);
  }

  /** Ends both sides with a TCP reset towards the client. */
  reset(): void {
    if (!this.closed) this.client.resetAndDestroy();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.destroy();
    this.upstream?.destroy();
    this.proxy.forget(this);
  }
}

class Proxy implements FaultProxy {
  mode: FaultMode = 'pass';
  port = 0;
  private latencyMs = 0;
  private readonly links = new Set<Link>();
  private waiters: Waiter[] = [];
  private chunkWaiters: Waiter[] = [];
  private readonly server: Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('The fault proxy got no port.');
    this.port = address.port;
  }

  openConnections(): number {
    return this.links.size;
  }

  nextChunkToTarget(): Promise<void> {
    return new Promise((resolve) => this.chunkWaiters.push(resolve));
  }

  noteChunkToTarget(): void {
    const waiters = this.chunkWaiters;
    this.chunkWaiters = [];
    for (const wake of waiters) wake();
  }

  pass(): void {
    this.setMode('pass');
  }

  restore(): void {
    this.setMode('pass');
  }

  drop(): void {
    this.setMode('drop');
    for (const link of [...this.links]) link.reset();
  }

  stall(): void {
    this.setMode('stall');
  }

  loseReplies(): void {
    this.setMode('lose-replies');
  }

  holdReplies(): void {
    this.setMode('hold-replies');
  }

  slow(latencyMs: number): void {
    this.latencyMs = latencyMs;
    this.setMode('slow');
  }

  async close(): Promise<void> {
    for (const link of [...this.links]) link.close();
    this.setMode('drop');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  forget(link: Link): void {
    this.links.delete(link);
  }

  /** Resolves when a chunk may leave: at once in pass, after the latency in slow, on restore when stalled. */
  async gate(towardsTarget: boolean): Promise<void> {
    if (this.mode === 'slow') await this.nextChange(this.latencyMs);
    // Dropped links are closed already; their pumps simply end once the mode changes.
    while (this.isHolding() || (!towardsTarget && this.mode === 'hold-replies')) await this.nextChange();
  }

  /** Resolves when a held connection may reach the target: not while stalled. */
  async gateConnect(): Promise<void> {
    while (this.mode === 'stall') await this.nextChange();
  }

  private isHolding(): boolean {
    return this.mode === 'stall' || this.mode === 'drop';
  }

  private accept(client: Socket): void {
    if (this.mode === 'drop') {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const link = new Link(this, client);
    this.links.add(link);
    void link.open(this.target.host, this.target.port);
  }

  private setMode(mode: FaultMode): void {
    this.mode = mode;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves true on the next mode change, or false after `ms` without one. */
  private nextChange(ms?: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, ms);
      const wake = () => { clearTimeout(timer); resolve(true); };
      this.waiters.push(wake);
    });
  }
}

/** Starts a proxy on 127.0.0.1 in front of a loopback target; only loopback targets are allowed. */
export async function startFaultProxy(target: { host?: string; port: number }): Promise<FaultProxy> {
  const host = target.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`The fault proxy forwards to loopback only, not ${host}.`);
  const proxy = new Proxy({ host, port: target.port });
  await proxy.listen();
  return proxy;
}
