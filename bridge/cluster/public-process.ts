// A public process: answers Talkdesk calls on the connections the bridge process hands it (see public-processes.ts).
// It reads API keys, secrets and the phone index from the state database itself; sync pages, failed-auth counts and the
// request log stay with the bridge process, so read-ahead, limits and statistics are one for all processes. Actions run
// there too, where identical calls are recognised whichever process receives them.
import { BlockList, type Socket } from 'node:net';
import { PendingCalls, toCallError } from '../../connectors/index.js';
import type { PublicContext } from '../context.js';
import { errorFromCall } from '../errors.js';
import { listen } from '../http/listen.js';
import { createPublicApp } from '../http/public-app.js';
import { createPublicServer } from '../http/public-server.js';
import { buildRuntimes, type IntegrationRuntime } from '../integration.js';
import { openLogger, type Logger } from '../logger.js';
import type { Profile } from '../profile/schema.js';
import { PhoneIndexReader } from '../phone-index/index.js';
import { openState, type State } from '../state/index.js';
import { trustedForwarders } from '../tunnel/client-address.js';
import type { RequestLogEntry } from '../state/request-log.js';
import { ConnectionSink } from './connection-sink.js';
import type { Calls, FromPublic, ToPublic } from './protocol.js';

/** Request log entries go to the bridge process in batches this often. */
const LOG_BATCH_MS = 20;

function send(message: FromPublic): void {
  if (process.connected) process.send!(message);
}

class PublicProcess implements PublicContext {
  private runtimes = new Map<string, IntegrationRuntime>();
  /**
   * Calls to the bridge process, without a deadline of their own: the public app answers the caller at its deadline
   * (public-app.ts), and when the bridge process is gone this process stops.
   */
  readonly calls = new PendingCalls<unknown>(errorFromCall);
  private entries: RequestLogEntry[] = [];
  private forwarders = new BlockList();

  readonly requestLog = {
    add: (entry: RequestLogEntry) => {
      this.entries.push(entry);
      if (this.entries.length === 1) setTimeout(() => this.flushLog(), LOG_BATCH_MS);
    },
  };

  constructor(
    readonly logger: Logger, private readonly state: State, private readonly processes: number, private readonly dataDir: string,
    private readonly phoneIndex: PhoneIndexReader,
  ) {}

  get apiKeys() {
    return this.state.apiKeys;
  }

  trustedForwarders(): BlockList {
    return this.forwarders;
  }

  runtime(id: string): IntegrationRuntime | undefined {
    return this.runtimes.get(id);
  }

  contactPage(...args: Calls['contactPage']['args']): Promise<Calls['contactPage']['result']> {
    return this.call('contactPage', args);
  }

  authFailed(...args: Calls['authFailed']['args']): Promise<Calls['authFailed']['result']> {
    return this.call('authFailed', args);
  }

  runAction(...args: Calls['runAction']['args']): Promise<Calls['runAction']['result']> {
    return this.call('runAction', args);
  }

  async apply(profile: Profile): Promise<void> {
    const runtimes = await buildRuntimes(profile, this.state, { dataDir: this.dataDir, processes: this.processes, phoneIndex: { reader: this.phoneIndex } });
    const old = this.runtimes;
    this.runtimes = runtimes;
    this.forwarders = trustedForwarders(profile.tunnel);
    await Promise.all([...old.values()].map((runtime) => runtime.close()));
  }

  /** Hands the entries to the bridge process; each holds a bounded body summary (request-logging.ts). */
  flushLog(): void {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    try {
      send({ type: 'log', entries });
    } catch (error) {
      // An entry that cannot be copied to the bridge process must not take the others, or this process, with it.
      let dropped = 0;
      for (const entry of entries) {
        try {
          send({ type: 'log', entries: [entry] });
        } catch {
          dropped += 1;
        }
      }
      this.logger.warn({ err: error, dropped }, `${dropped} request log entries could not be handed to the bridge process and were dropped.`);
    }
  }

  async close(): Promise<void> {
    this.flushLog();
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    this.phoneIndex.close();
    await this.state.close();
  }

  /** The one place a reply's value is taken for what the method returns (protocol.ts, `Calls`). */
  private call<Method extends keyof Calls>(method: Method, args: Calls[Method]['args']): Promise<Calls[Method]['result']> {
    return this.calls.add((id) => send({ type: 'call', id, method, args })) as Promise<Calls[Method]['result']>;
  }
}

async function main(): Promise<void> {
  const [dataDir = '', processes = '1', slot = '1'] = process.argv.slice(2);
  const logger = (await openLogger({ dataDir, file: `public-${slot}/public` })).child({ process: `public-${slot}`, pid: process.pid });
  const state = await openState(dataDir);
  const context = new PublicProcess(logger, state, Number(processes), dataDir, new PhoneIndexReader(dataDir));
  // A loopback listener of its own, which nothing calls: listening is what starts Node's checks of the
  // request and header deadlines (public-server.ts).
  const sink = new ConnectionSink(createPublicServer(createPublicApp(context)));
  await listen(sink.server, '127.0.0.1', 0);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await sink.close();
      await context.close();
      process.exit(0);
    })();
  };
  process.on('message', (message: ToPublic, handle?: unknown) => {
    switch (message.type) {
      case 'connection':
        if (handle) sink.adopt(handle as Socket);
        break;
      case 'reply':
        context.calls.settle(message);
        break;
      case 'profile':
        context.apply(message.profile).then(
          () => send({ type: 'reply', id: message.id, value: undefined }),
          (error: unknown) => send({ type: 'reply', id: message.id, error: toCallError(error) }),
        );
        break;
      case 'keys':
        context.apiKeys.forget();
        send({ type: 'reply', id: message.id, value: undefined });
        break;
      case 'stop':
        stop();
        break;
    }
  });
  // The bridge process is gone: nothing will hand over connections or answer calls any more.
  process.on('disconnect', stop);
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: toCallError(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
