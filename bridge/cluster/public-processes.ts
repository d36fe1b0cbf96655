// Serves the public port from several processes, so Talkdesk calls use more than one core. The bridge process accepts
// each connection and hands it, round robin, to itself or to a public process (public-process.ts); a process that
// dies is started again, and until it is back the others take its share.
//
// Not node:cluster's round robin, which hands connections over the same way but from a primary that serves none:
// the bridge serves the port from its start, alone while no public process is ready, and after all have died
// (cluster closes the port when its last worker ends); N serving processes are N, not N + 1; and with a new
// connection per call, the half served where it was accepted costs less CPU per call than handing every one over
// (`npm run bench -- --distribution`, docs/PERFORMANCE.md; with kept-alive connections neither was steadily ahead).
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PendingCalls, toCallError } from '../../connectors/index.js';
import type { PublicContext } from '../context.js';
import { withDeadline } from '../deadline.js';
import { errorFromCall } from '../errors.js';
import { listen } from '../http/listen.js';
import { createPublicApp } from '../http/public-app.js';
import { createPublicServer } from '../http/public-server.js';
import type { Logger } from '../logger.js';
import type { Profile } from '../profile/schema.js';
import { ConnectionSink } from './connection-sink.js';
import type { Calls, FromPublic, ToPublic } from './protocol.js';

/** What the bridge process shares with its public processes. */
export interface PublicHost extends PublicContext {
  profile(): Profile;
}

export interface PublicProcessesOptions {
  /** How many processes serve the public port, this one included (at least 2 here). */
  processes: number;
  dataDir: string;
  host: string;
  port: number;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface PublicProcessStatus { pid: number; serving: boolean; connections: number }

/**
 * SLOT numbers a process from 1 (the bridge process is 0); a restarted process keeps its slot, and with it its log files.
 * CALLS are this process's requests to it, failed at once when it ends.
 */
interface Child { process: ChildProcess; slot: number; serving: boolean; connections: number; startedAt: number; calls: PendingCalls<unknown> }

const ACK_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 6000;

/** The compiled entry as shipped; from sources, the TypeScript file with tsx's loader. Node's own flags carry over, the test runner's do not. */
function entry(): { path: string; execArgv: string[] } {
  const execArgv = process.execArgv.filter((argument) => !argument.startsWith('--test'));
  const compiled = fileURLToPath(new URL('./public-process.js', import.meta.url));
  if (existsSync(compiled)) return { path: compiled, execArgv };
  const source = fileURLToPath(new URL('./public-process.ts', import.meta.url));
  return { path: source, execArgv: execArgv.some((argument) => argument.includes('tsx')) ? execArgv : [...execArgv, '--import', 'tsx'] };
}

export class PublicProcesses {
  private readonly children: Child[] = [];
  private readonly local: ConnectionSink;
  private readonly front: Server;
  /** Says `changed` whenever a process starts or stops serving. */
  private readonly serving = new EventEmitter();
  private turn = 0;
  private stopping = false;
  private restartDelayMs = 1000;

  private constructor(private readonly host: PublicHost, private readonly options: PublicProcessesOptions) {
    this.local = new ConnectionSink(createPublicServer(createPublicApp(host)));
    this.front = createServer({ pauseOnConnect: true }, (socket) => this.dispatch(socket));
  }

  /** Listens on the public port and starts the other processes; calls are served here until they are ready. */
  static async start(host: PublicHost, options: PublicProcessesOptions): Promise<PublicProcesses> {
    const processes = new PublicProcesses(host, options);
    await listen(processes.local.server, options.host, 0);
    await listen(processes.front, options.host, options.port);
    for (let slot = 1; slot < options.processes; slot += 1) processes.spawn(slot);
    await processes.whenServing(ACK_TIMEOUT_MS);
    return processes;
  }

  /** The public port's address. */
  address(): AddressInfo {
    return this.front.address() as AddressInfo;
  }

  /** A URL that reaches this process's own public app (the bridge's own calls use it, so their log entries are here at once). */
  localAddress(): AddressInfo {
    return this.local.server.address() as AddressInfo;
  }

  /** Calls `listener` whenever a process starts or stops serving; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.serving.on('changed', listener);
    return () => { this.serving.off('changed', listener); };
  }

  status(): PublicProcessStatus[] {
    return [
      { pid: process.pid, serving: true, connections: this.local.connections },
      ...this.children.map((child) => ({ pid: child.process.pid ?? 0, serving: child.serving, connections: child.connections })),
    ];
  }

  /** Sends a new profile to every serving process; resolves once each has it in force. A process that fails it restarts. */
  profileChanged(profile: Profile): Promise<void> {
    return this.everyServing((child) => this.request(child, (id) => ({ type: 'profile', id, profile })));
  }

  /** Tells every serving process that API keys changed, so a revoked key stops working everywhere at once. */
  keysChanged(): Promise<void> {
    return this.everyServing((child) => this.request(child, (id) => ({ type: 'keys', id })));
  }

  /** Stops accepting, lets every process finish its calls in flight, and ends them. */
  async close(): Promise<void> {
    this.stopping = true;
    // It closes once every connection it accepted is closed or handed over; a hand-over left unconfirmed does not hold it.
    const frontClosed = new Promise<void>((resolve) => this.front.close(() => resolve()));
    await Promise.all([
      withDeadline(frontClosed, STOP_GRACE_MS, () => undefined),
      this.local.close(),
      ...this.children.map((child) => this.stopChild(child)),
    ]);
  }

  private dispatch(socket: Socket): void {
    const serving = this.children.filter((child) => child.serving);
    const index = this.turn++ % (serving.length + 1);
    const child = serving[index - 1];
    if (!child) {
      this.local.adopt(socket);
      return;
    }
    child.connections += 1;
    // Kept open here until the child has its own copy: a connection that cannot be handed over is served here.
    this.send(child, { type: 'connection' }, socket, () => this.local.adopt(socket), () => socket.destroy());
  }

  private send(child: Child, message: ToPublic, handle?: Socket, onFailure?: () => void, onSent?: () => void): void {
    try {
      child.process.send(message, handle, { keepOpen: true }, (error) => {
        if (error) onFailure?.();
        else onSent?.();
      });
    } catch {
      onFailure?.();
    }
  }

  private spawn(slot: number): void {
    const { path, execArgv } = entry();
    const env = { ...(this.options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' };
    const child: Child = {
      process: fork(path, [this.options.dataDir, String(this.options.processes), String(slot)], { env, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
      slot, serving: false, connections: 0, startedAt: Date.now(), calls: new PendingCalls(errorFromCall),
    };
    this.children.push(child);
    child.process.on('message', (message: FromPublic) => this.receive(child, message));
    child.process.on('error', (error) => this.options.logger.warn({ err: error }, 'a public process could not be started'));
    child.process.once('exit', (code, signal) => this.exited(child, code, signal));
  }

  private receive(child: Child, message: FromPublic): void {
    switch (message.type) {
      case 'ready':
        // It takes connections once it has the profile in force now (a change may have come while it started).
        this.request(child, (id) => ({ type: 'profile', id, profile: this.host.profile() }))
          .then(() => {
            child.serving = !this.stopping;
            this.serving.emit('changed');
          }, (error: unknown) => this.fail(child, error));
        break;
      case 'failed':
        this.options.logger.error({ err: errorFromCall(message.error) }, 'a public process could not start');
        break;
      case 'reply':
        child.calls.settle(message);
        break;
      case 'call':
        this.answer(child, message.id, message.method, message.args);
        break;
      case 'log':
        for (const entry of message.entries) this.host.requestLog.add(entry);
        break;
    }
  }

  /** What a public process may ask of this one, made once. */
  private readonly calls: { [Method in keyof Calls]: (args: unknown[]) => Promise<Calls[Method]['result']> } = {
    contactPage: (given) => this.host.contactPage(...(given as Calls['contactPage']['args'])),
    authFailed: (given) => this.host.authFailed(...(given as Calls['authFailed']['args'])),
    runAction: (given) => this.host.runAction(...(given as Calls['runAction']['args'])),
  };

  private answer(child: Child, id: number, method: keyof Calls, args: unknown[]): void {
    (this.calls[method](args) as Promise<unknown>).then(
      (value) => this.send(child, { type: 'reply', id, value }),
      (error: unknown) => this.send(child, { type: 'reply', id, error: toCallError(error) }),
    );
  }

  private async request(child: Child, message: (id: number) => ToPublic): Promise<void> {
    const gone = (id: number) => child.calls.fail(id, new Error('the public process is gone'));
    const late = (id: number) => child.calls.fail(id, new Error('the public process did not answer in time'));
    await child.calls.add((id) => this.send(child, message(id), undefined, () => gone(id)), { ms: ACK_TIMEOUT_MS, onDeadline: late });
  }

  private async everyServing(work: (child: Child) => Promise<void>): Promise<void> {
    await Promise.all(this.children.filter((child) => child.serving).map((child) => work(child).catch((error: unknown) => this.fail(child, error))));
  }

  /** A process that cannot follow a change stops serving and is started again from the current state. */
  private fail(child: Child, error: unknown): void {
    this.options.logger.error({ err: error, pid: child.process.pid }, 'a public process failed; starting it again');
    child.serving = false;
    child.process.kill();
  }

  private exited(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    child.serving = false;
    this.children.splice(this.children.indexOf(child), 1);
    child.calls.failAll(new Error(`the public process ended (${signal ?? `exit code ${code}`})`));
    this.serving.emit('changed');
    if (this.stopping) return;
    this.options.logger.warn({ pid: child.process.pid, code, signal }, 'a public process ended; starting it again');
    // Back off while it keeps failing; a process that ran for a minute counts as healthy again.
    this.restartDelayMs = Date.now() - child.startedAt > 60_000 ? 1000 : Math.min(this.restartDelayMs * 2, 30_000);
    setTimeout(() => { if (!this.stopping) this.spawn(child.slot); }, this.restartDelayMs).unref();
  }

  private async stopChild(child: Child): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
    this.send(child, { type: 'stop' }, undefined, () => child.process.kill());
    await withDeadline(exited, STOP_GRACE_MS, () => {
      child.process.kill('SIGKILL');
      return exited;
    });
  }

  /** Resolves once every process started serves (or has ended), or after `timeoutMs`: the bridge serves meanwhile. */
  private async whenServing(timeoutMs: number): Promise<void> {
    const stopWaiting = new AbortController();
    const everyServing = (async () => {
      while (this.children.some((child) => !child.serving)) await once(this.serving, 'changed', { signal: stopWaiting.signal });
    })();
    await withDeadline(everyServing, timeoutMs, () => stopWaiting.abort());
  }
}

