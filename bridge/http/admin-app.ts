// The admin app: the UI and /api/*, on its own loopback port, behind the per-launch token; never tunnelled.
import { existsSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import type { BridgeContext } from '../context.js';
import { BridgeError } from '../errors.js';
import { errorHandler, notFound } from './errors.js';

export interface AdminOptions {
  /** The per-launch token every /api request must present as `Authorization: Bearer …`. */
  token: string;
}

/** The built UI: dist/renderer beside the compiled bridge, or the repository's dist/renderer when run from sources. */
function uiDirectory(): string | undefined {
  const candidates = ['../../renderer', '../../dist/renderer'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((directory) => existsSync(`${directory}/assets`) && existsSync(`${directory}/index.html`));
}

function requireToken(token: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  return (request, _response, next) => {
    const given = Buffer.from(request.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new BridgeError('unauthorized', 'The admin API needs the token Deskbridge printed at start (Authorization: Bearer …).');
    }
    next();
  };
}

export function createAdminApp(context: BridgeContext, options: AdminOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_request, response, next) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  const api = express.Router();
  api.use(requireToken(options.token));
  api.use(express.json({ limit: '1mb' }));

  api.get('/status', (_request, response) => {
    const profile = context.profile();
    response.json({
      integrations: profile.integrations.map((integration) => ({ id: integration.id, displayName: integration.displayName, dialect: integration.connection.dialect })),
      tunnel: { provider: profile.tunnel.provider },
    });
  });

  api.get('/profile', (_request, response) => {
    response.json(context.profile());
  });

  api.put('/profile', async (request, response) => {
    response.json(await context.replaceProfile(request.body));
  });

  app.use('/api', api);
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
