// The admin app: the UI and /api/*, on its own loopback port, behind the per-launch token; never tunnelled.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import type { BridgeContext } from '../context.js';
import { BridgeError } from '../errors.js';
import { connectionRoutes } from './admin/connection-routes.js';
import { diagnosticsRoutes } from './admin/diagnostics-routes.js';
import { DraftConnectors } from './admin/draft-connectors.js';
import { goLiveRoutes } from './admin/golive-routes.js';
import { keyRoutes } from './admin/key-routes.js';
import { LiveFeed, liveRoutes } from './admin/live-feed.js';
import { localCaller } from './admin/local-calls.js';
import { logRoutes } from './admin/log-routes.js';
import { plainValidationErrors } from './admin/plain-errors.js';
import { previewRoutes } from './admin/preview-routes.js';
import { profileRoutes } from './admin/profile-routes.js';
import { proposeRoutes } from './admin/propose-routes.js';
import { statusReporter, statusRoutes } from './admin/status-routes.js';
import { tunnelRoutes } from './admin/tunnel-routes.js';
import { tunnelSetupRoutes } from './admin/tunnel-setup-routes.js';
import { errorHandler, notFound } from './errors.js';
import { jsonBody } from './json-body.js';
import { rejectCrossSite, requireLoopbackHost } from './guards.js';

export interface AdminOptions {
  /** The per-launch token every /api request must present as `Authorization: Bearer …`. */
  token: string;
  /**
   * The SHA-256 (hex) of a lasting token also accepted: the desktop app's, given to a service at install so the app can
   * attach to it. Only the hash is kept here, so the service's definition (readable by anyone) holds no secret.
   */
  lastingTokenSha256?: string;
  /** The local public app's URL (replay and self-test call it); without it they serve the public app on a port of their own. */
  bridgeUrl?: string | (() => string | undefined);
  /** Where replay and self-test call instead, when that is not `bridgeUrl` (the bridge process's own share of it). */
  localCallUrl?: string;
  /** Certificates trusted for the public URL besides the system's, as the tunnel's probe trusts them (TunnelTuning.probeCa). */
  publicCa?: string;
}

/** The built UI: dist/renderer beside the compiled bridge, or the repository's dist/renderer when run from sources. */
function uiDirectory(): string | undefined {
  const candidates = ['../../renderer', '../../dist/renderer'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((directory) => existsSync(`${directory}/assets`) && existsSync(`${directory}/index.html`));
}

function sha256(text: string | Buffer): Buffer {
  return createHash('sha256').update(text).digest();
}

function requireToken(token: string, lastingTokenSha256?: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  const lasting = lastingTokenSha256 ? Buffer.from(lastingTokenSha256, 'hex') : undefined;
  if (lasting && lasting.length !== 32) throw new BridgeError('invalid_argument', 'The admin token hash must be a SHA-256: 64 hexadecimal characters.');
  return (request, _response, next) => {
    const header = request.get('authorization') ?? '';
    const given = Buffer.from(header);
    const perLaunch = given.length === expected.length && timingSafeEqual(given, expected);
    // Hashes have one length, so comparing them leaks nothing about the token's length.
    const desktop = lasting !== undefined && header.startsWith('Bearer ') && timingSafeEqual(sha256(header.slice(7)), lasting);
    if (!perLaunch && !desktop) {
      throw new BridgeError('unauthorized', 'The admin API needs the token Deskbridge printed at start (Authorization: Bearer …).');
    }
    next();
  };
}

const securityHeaders: RequestHandler = (_request, response, next) => {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
  next();
};

/** Closes the wizard's draft connections when the server that carried them closes (the bridge closes its servers first). */
function closeDraftsWithServer(drafts: DraftConnectors): RequestHandler {
  const watched = new WeakSet<Server>();
  return (request, _response, next) => {
    const server = (request.socket as { server?: Server }).server;
    if (server && !watched.has(server)) {
      watched.add(server);
      server.once('close', () => { void drafts.closeAll(); });
    }
    next();
  };
}

function apiRouter(context: BridgeContext, options: AdminOptions, feed: LiveFeed): express.Router {
  const bridgeUrl = typeof options.bridgeUrl === 'function' ? options.bridgeUrl : () => options.bridgeUrl as string | undefined;
  const drafts = new DraftConnectors(context);
  const caller = localCaller(context, options.localCallUrl !== undefined ? () => options.localCallUrl : bridgeUrl, options.publicCa);
  const api = express.Router();
  api.use(requireToken(options.token, options.lastingTokenSha256));
  api.use(closeDraftsWithServer(drafts));
  api.use(jsonBody({ type: 'application/json' }));
  api.use((_request, response, next) => { response.setHeader('Cache-Control', 'no-store'); next(); });
  const status = statusReporter(context);
  for (const routes of [
    statusRoutes(context, status), diagnosticsRoutes(context, status), profileRoutes(context), connectionRoutes(context, drafts), previewRoutes(drafts),
    proposeRoutes(drafts), keyRoutes(context), tunnelRoutes(context), tunnelSetupRoutes(context), logRoutes(context, caller),
    goLiveRoutes(context, caller, bridgeUrl), liveRoutes(feed),
  ]) api.use(routes);
  api.use(plainValidationErrors);
  return api;
}

/** Ends the dashboards' event streams, so closing the admin server need not wait for them. */
export function endLiveStreams(app: express.Express): void {
  (app.locals.liveFeed as LiveFeed | undefined)?.close();
}

export function createAdminApp(context: BridgeContext, options: AdminOptions): express.Express {
  const app = express();
  const feed = new LiveFeed(context);
  app.locals.liveFeed = feed;
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // DNS rebinding and cross-site pages: only loopback Host names, only same-origin browser requests.
  app.use(requireLoopbackHost(), rejectCrossSite());
  app.use('/api', apiRouter(context, options, feed));
  const ui = uiDirectory();
  if (ui) {
    app.use(express.static(ui, { index: 'index.html', maxAge: 0 }));
  } else {
    app.get('/', (_request, response) => {
      response.type('text/plain').send('The UI is not built; run "npm run build". The admin API answers under /api.');
    });
  }
  app.use(notFound);
  app.use(errorHandler(context.logger));
  return app;
}
