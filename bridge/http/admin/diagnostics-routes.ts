// POST /api/diagnostics makes a bundle in DATA_DIR/diagnostics (dashboard button, tray); GET downloads one by name.
import path from 'node:path';
import { Router } from 'express';
import type { BridgeContext } from '../../context.js';
import { createBundle, defaultBundlePath, writeBundle } from '../../diagnostics/bundle.js';
import { bridgeSources } from '../../diagnostics/sources.js';
import { BridgeError } from '../../errors.js';

const BUNDLE_NAME = /^deskbridge-diagnostics-\d{8}-\d{6}\.zip$/;

export function diagnosticsRoutes(context: BridgeContext, status: () => Promise<unknown>): Router {
  const router = Router();

  router.post('/diagnostics', async (_request, response) => {
    const { zip, checks } = await createBundle(await bridgeSources(context, status));
    const file = defaultBundlePath(context.dataDir);
    await writeBundle(file, zip);
    context.logger.info({ file, bytes: zip.length }, 'diagnostics bundle written');
    response.status(201).json({ file, name: path.basename(file), bytes: zip.length, checks });
  });

  router.get('/diagnostics/:name', (request, response, next) => {
    const name = request.params.name ?? '';
    if (!BUNDLE_NAME.test(name)) throw new BridgeError('not_found', 'No diagnostics bundle has that name.');
    response.download(path.join(context.dataDir, 'diagnostics', name), name, { dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent) next(new BridgeError('not_found', 'No diagnostics bundle has that name.'));
    });
  });

  return router;
}
