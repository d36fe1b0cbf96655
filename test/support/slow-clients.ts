// Slow callers as an attacker sends them (headers, then a body one byte at a time), and Talkdesk's calls beside them.
import net from 'node:net';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** Where calls go: a loopback port, and the Host header a relay routes on (the port's own address when direct). */
export interface Target { port: number; host?: string }

export interface Trickler {
  /** Settles when the server (or the relay in front of it) closes the connection, with what it answered. */
  closed: Promise<{ answer: string }>;
  stop(): void;
}

/** Sends a POST announcing a 100,000-byte body, then one byte every `byteEveryMs` until the other side closes. */
export function trickle(target: Target, path: string, byteEveryMs = 1000): Trickler {
  const socket = net.connect({ host: '127.0.0.1', port: target.port });
  socket.on('error', () => {});
  let answer = '';
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString('latin1'); });
  let timer: NodeJS.Timeout | undefined;
  socket.once('connect', () => {
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${target.host ?? `127.0.0.1:${target.port}`}\r\nContent-Type: application/json\r\n`
      + 'bypass-tunnel-reminder: slow\r\nContent-Length: 100000\r\n\r\n{');
    timer = setInterval(() => { if (socket.writable) socket.write(' '); }, byteEveryMs);
  });
  const closed = new Promise<{ answer: string }>((resolve) => {
    socket.once('close', () => { clearInterval(timer); resolve({ answer }); });
  });
  return { closed, stop: () => { clearInterval(timer); socket.destroy(); } };
}

/** `count` tricklers that open again whenever they are cut, as a persistent attacker would, until stopped. */
export function keepTrickling(target: Target, path: string, count: number): { cut: () => number; stop(): void } {
  let stopped = false;
  let cut = 0;
  const live = new Set<Trickler>();
  const open = () => {
    if (stopped) return;
    const trickler = trickle(target, path);
    live.add(trickler);
    void trickler.closed.then(() => {
      live.delete(trickler);
      if (stopped) return;
      cut += 1;
      open();
    });
  };
  for (let index = 0; index < count; index += 1) open();
  return { cut: () => cut, stop: () => { stopped = true; for (const trickler of live) trickler.stop(); } };
}

/** A Talkdesk call on a fresh connection: its status, or 0 when it got no answer within `timeoutMs`; and how long it took. */
export function talkdeskCall(target: Target, path: string, body: unknown, timeoutMs: number): Promise<{ status: number; ms: number }> {
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number) => resolve({ status, ms: performance.now() - started });
    const request = http.request({
      host: '127.0.0.1', port: target.port, path, method: 'POST', agent: false, timeout: timeoutMs,
      headers: { host: target.host ?? `127.0.0.1:${target.port}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      response.resume();
      response.on('end', () => done(response.statusCode ?? 0));
      response.on('error', () => done(0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => done(0));
    request.end(payload);
  });
}
