// Small Express apps standing in for the bridge's public app and admin app in tunnel tests.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

export interface RunningApp {
  port: number;
  url: string;
  /** Requests this app has answered, by path. */
  hits: string[];
  close(): Promise<void>;
}

/** Listens on a free loopback port; `close` also ends kept-alive connections. */
export async function listenLoopback(app: Express, hits: string[] = []): Promise<RunningApp> {
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port, url: `http://127.0.0.1:${port}`, hits,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** The public app: GET /health and GET /echo answer JSON; anything else is a JSON 404. */
export function startPublicApp(): Promise<RunningApp> {
  const hits: string[] = [];
  const app = express();
  app.use((request, _response, next) => { hits.push(request.path); next(); });
  app.get('/health', (_request, response) => { response.json({ status: 'ok', app: 'public' }); });
  app.get('/echo', (request, response) => { response.json({ app: 'public', headers: request.headers }); });
  app.use((_request, response) => { response.status(404).json({ error: { code: 'not_found', message: 'No such endpoint.' } }); });
  return listenLoopback(app, hits);
}

/** The admin app: every path answers with a marker that must never be seen through a tunnel. */
export function startAdminApp(): Promise<RunningApp> {
  const hits: string[] = [];
  const app = express();
  app.use((request, response) => {
    hits.push(request.path);
    response.json({ app: 'admin', secret: 'ADMIN-ONLY' });
  });
  return listenLoopback(app, hits);
}
