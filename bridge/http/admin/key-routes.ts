// API keys of an integration: create (the key is in this one answer only), list, revoke.
import { Router } from 'express';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import { parseOrThrow } from '../../validation.js';
import { INTERNAL_KEY_LABEL } from '../../state/api-keys.js';
import { keyCreateSchema } from './schemas.js';

function requireIntegration(context: BridgeContext, id: string): void {
  if (!context.profile().integrations.some((integration) => integration.id === id)) {
    throw new BridgeError('unknown_integration', `There is no saved integration "${id}"; save it first.`);
  }
}

export function keyRoutes(context: BridgeContext): Router {
  const router = Router();

  router.get('/integrations/:id/keys', async (request, response) => {
    requireIntegration(context, request.params.id);
    const keys = await context.apiKeys.list(request.params.id);
    response.json({ keys: keys.filter((key) => key.label !== INTERNAL_KEY_LABEL) });
  });

  router.post('/integrations/:id/keys', async (request, response) => {
    requireIntegration(context, request.params.id);
    const { label } = parseOrThrow(keyCreateSchema, request.body ?? {}, 'invalid_request', 'The request is not valid');
    const created = await context.apiKeys.create(request.params.id, label || undefined);
    response.setHeader('Cache-Control', 'no-store');
    response.status(201).json(created);
  });

  router.delete('/keys/:keyId', async (request, response) => {
    if (!(await context.apiKeys.revoke(request.params.keyId))) {
      throw new BridgeError('not_found', 'There is no active key with this id.');
    }
    response.status(204).end();
  });

  return router;
}
