// The mapping proposal for a connection being set up: the wizard opens each step filled in with it.
import { Router } from 'express';
import { z } from 'zod';
import { proposeIntegration } from '../../propose/index.js';
import { connectionSchema } from '../../profile/schema.js';
import { parseOrThrow } from '../../validation.js';
import type { DraftConnectors } from './draft-connectors.js';

const proposeSchema = z.strictObject({
  /** The connection as the connection test answered it (a typed password already stored as a secret). */
  connection: connectionSchema,
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a slug of 1-40 characters a-z, 0-9 and "-"').optional(),
  /** The browser's locale (`pt-BR`): the tie-break for the phone region. */
  locale: z.string().max(40).optional(),
});

export function proposeRoutes(drafts: DraftConnectors): Router {
  const router = Router();
  router.post('/propose', async (request, response) => {
    const { connection, id, locale } = parseOrThrow(proposeSchema, request.body, 'invalid_request', 'The request is not valid');
    const proposal = await drafts.use(connection, (connector) => proposeIntegration(connector, { connection, id, locale }));
    response.json(proposal);
  });
  return router;
}
