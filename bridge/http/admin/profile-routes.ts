// The profile: read, validate without saving, save (problems placed on their fields, in words), and what the wizard needs to start.
import { existsSync } from 'node:fs';
import { Router } from 'express';
import { createConnector, DIALECTS, isConnectorError, type Dialect } from '../../../connectors/index.js';
import type { BridgeContext } from '../../context.js';
import { BridgeError } from '../../errors.js';
import { checkMappings } from '../../integration.js';
import { demoDatabasePath } from '../../paths.js';
import { refuseOwnFilesInProfile } from '../../profile/own-files.js';
import { parseProfile } from '../../profile/store.js';
import type { Profile } from '../../profile/schema.js';
import { WIZARD_SECRET } from './connection-routes.js';
import type { Environment } from '../../contract/admin.js';
import { fieldProblemsOf } from './plain-errors.js';

/** Dialects whose connector this build has (creating one does not connect). */
async function availableDialects(): Promise<Dialect[]> {
  const available: Dialect[] = [];
  for (const dialect of DIALECTS) {
    try {
      const connector = createConnector({ dialect, filename: ':memory:', host: '127.0.0.1', database: 'x', queryTimeoutMs: 1000, pool: { max: 1 } });
      await connector.close();
      available.push(dialect);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
    }
  }
  return available;
}

function referencedSecrets(profile: Profile): Set<string> {
  const names = profile.integrations.flatMap((integration) => {
    const password = integration.connection.password;
    return password && 'secret' in password ? [password.secret] : [];
  });
  return new Set(names);
}

/** Removes passwords the wizard stored for drafts that the saved profile no longer uses. */
async function removeUnusedWizardSecrets(context: BridgeContext, profile: Profile): Promise<void> {
  const used = referencedSecrets(profile);
  for (const { name } of await context.secrets.list()) {
    if (WIZARD_SECRET.test(name) && !used.has(name)) await context.secrets.delete(name);
  }
}

export function profileRoutes(context: BridgeContext): Router {
  const router = Router();

  router.get('/environment', async (_request, response) => {
    const demo = demoDatabasePath(context.dataDir);
    response.json({ dataDir: context.dataDir, profilePath: context.profilePath, demoDatabase: existsSync(demo) ? demo : null, dialects: await availableDialects() } satisfies Environment);
  });

  router.get('/profile', (_request, response) => {
    response.json(context.profile());
  });

  router.post('/profile/validate', (request, response) => {
    try {
      const profile = parseProfile(request.body);
      refuseOwnFilesInProfile(profile, context.dataDir);
      checkMappings(profile);
      response.json({ ok: true, problems: [] });
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
      const fields = fieldProblemsOf(error) ?? [];
      response.json({ ok: false, problems: fields.length > 0 ? fields.map((field) => field.message) : [error.message], fields });
    }
  });

  /** Deletes an integration with its API keys (and the password the wizard stored for it); the answer is the profile left. */
  router.delete('/integrations/:id', async (request, response) => {
    const { id } = request.params;
    const current = context.profile();
    if (!current.integrations.some((integration) => integration.id === id)) {
      throw new BridgeError('unknown_integration', `There is no saved integration "${id}".`);
    }
    // Out of the profile first, so that nothing serves it while its keys go.
    const profile = await context.replaceProfile({ ...current, integrations: current.integrations.filter((integration) => integration.id !== id) });
    const keysRemoved = await context.apiKeys.removeIntegration(id);
    await removeUnusedWizardSecrets(context, profile).catch((error: unknown) => context.logger.warn({ err: error }, 'unused wizard secrets not removed'));
    response.json({ profile, keysRemoved });
  });

  router.put('/profile', async (request, response) => {
    const profile = await context.replaceProfile(request.body);
    await removeUnusedWizardSecrets(context, profile).catch((error: unknown) => context.logger.warn({ err: error }, 'unused wizard secrets not removed'));
    response.json(profile);
  });

  return router;
}
