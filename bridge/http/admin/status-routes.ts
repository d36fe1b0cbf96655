// Status at a glance for the dashboard and the desktop shell: database, tunnel, last sync, request figures, alerts.
import { Router } from 'express';
import { isConnectorError } from '../../../connectors/index.js';
import type { BridgeContext } from '../../context.js';
import { parseOrThrow } from '../../validation.js';
import { INTERNAL_KEY_LABEL } from '../../state/api-keys.js';
import { computeErrorCodes, computeMetrics, computeSeries, ERROR_RATE_ALERT, type Metrics } from './metrics.js';
import { metricsQuerySchema } from './schemas.js';
import { tunnelStatus } from './tunnel-routes.js';
import { DEMO_INTEGRATION_ID } from '../../demo/demo-profile.js';
import { recentSyncRestart, syncRestartSetting } from '../../sync/restarts.js';
import type { Alert, IntegrationStatus, Status } from '../../contract/status.js';

type Probe = IntegrationStatus['database'];

const PROBE_MS = 10_000;
/** The window of the dashboard's request figures and of the error-rate alert. */
const STATUS_WINDOW_MINUTES = 60;
/** The setting holding the public URL last put in a Talkdesk configuration export. */
export const EXPORTED_URL_SETTING = 'admin.exported_base_url';

/** Probes each integration's database at most every 10 seconds, so polling the status stays cheap. */
class DatabaseProbes {
  private readonly last = new Map<string, { probe: Probe; at: number }>();
  constructor(private readonly context: BridgeContext) {}

  async probe(id: string): Promise<Probe> {
    const cached = this.last.get(id);
    if (cached && Date.now() - cached.at < PROBE_MS) return cached.probe;
    const runtime = this.context.runtime(id);
    let probe: Probe = { state: 'ok', checkedAt: new Date().toISOString() };
    try {
      await runtime?.connector.testConnection();
    } catch (error) {
      probe = { state: 'unavailable', message: isConnectorError(error) ? error.message : 'The database does not answer.', checkedAt: probe.checkedAt };
    }
    this.last.set(id, { probe, at: Date.now() });
    return probe;
  }
}

async function integrationStatus(context: BridgeContext, probes: DatabaseProbes, id: string): Promise<IntegrationStatus> {
  const integration = context.profile().integrations.find((candidate) => candidate.id === id)!;
  const keys = (await context.apiKeys.list(id)).filter((key) => key.label !== INTERNAL_KEY_LABEL);
  const [lastSync] = await context.syncRuns.list(id, 1);
  const syncRestart = recentSyncRestart(await context.settings.get(syncRestartSetting(id)), Date.now());
  return {
    id, displayName: integration.displayName, dialect: integration.connection.dialect,
    database: await probes.probe(id),
    auth: integration.auth.type,
    activeKeys: keys.filter((key) => !key.revokedAt).length,
    revokedKeys: keys.filter((key) => key.revokedAt).length,
    lastSync: lastSync ?? null,
    syncRestart: syncRestart ?? null,
    // Null where the integration keeps no phone index (turned off, or no phone field): lookups ask the database.
    phoneIndex: context.runtime(id)?.phoneIndex?.status() ?? null,
  };
}

function alertsFor(integrations: IntegrationStatus[], tunnel: Status['tunnel'], exportedUrl: string | undefined, metrics: Metrics): Alert[] {
  const alerts: Alert[] = [];
  for (const item of integrations) {
    if (item.database.state !== 'ok') alerts.push({ code: 'db_unavailable', integration: item.id, message: `${item.displayName}: the database is unreachable. ${item.database.message ?? ''} Check that it runs and that the connection settings are right.`.trim() });
    if (item.auth === 'api_key' && item.activeKeys === 0) {
      const why = item.revokedKeys > 0 ? 'its API key was revoked' : 'it has no API key';
      alerts.push({ code: 'no_active_key', integration: item.id, message: `${item.displayName}: ${why}, so Talkdesk calls are refused. Create a key in Security and paste it in Talkdesk.` });
    }
    if (item.syncRestart) {
      alerts.push({ code: 'sync_restarted', integration: item.id, message: `${item.displayName}: at ${item.syncRestart.at} ${item.syncRestart.reason}, so a full contact sync started instead. Nothing is lost; if this happens again and again, check that only this install serves the integration.` });
    }
  }
  if (tunnel.url && exportedUrl && tunnel.url !== exportedUrl) {
    alerts.push({ code: 'tunnel_url_changed', message: `The public URL changed from ${exportedUrl} to ${tunnel.url}: copy the new Talkdesk configuration from Go live and update it in Talkdesk.` });
  }
  if (tunnel.provider === 'localtunnel' && tunnel.state !== 'not_configured' && tunnel.state !== 'stopped') {
    alerts.push({ code: 'tunnel_unencrypted', message: 'The tunnel is localtunnel: calls cross the internet unencrypted between this computer and a public relay run by others. Use it to try Deskbridge out; for real data choose ngrok or SSH in Go live.' });
  }
  if (tunnel.state === 'offline') alerts.push({ code: 'tunnel_offline', message: 'The tunnel is offline: Talkdesk cannot reach this computer. Check the internet connection.' });
  // The same figure the Error rate card shows: a card in red always has its alert beside it.
  if (metrics.errorRate > ERROR_RATE_ALERT) {
    const failed = Math.round(metrics.errorRate * metrics.requests);
    alerts.push({ code: 'high_error_rate', message: `${failed} of the ${metrics.requests} calls in the last ${metrics.windowMinutes} minutes failed (${Math.round(metrics.errorRate * 1000) / 10}%): open the request log, filter by Failed, and open one to see why.` });
  }
  return alerts;
}

/** The status the dashboard polls (database, tunnel, integrations, metrics, alerts); the diagnostics bundle holds it too. */
export function statusReporter(context: BridgeContext): () => Promise<Status> {
  const probes = new DatabaseProbes(context);
  return async () => {
    const profile = context.profile();
    const integrations = await Promise.all(profile.integrations.map((integration) => integrationStatus(context, probes, integration.id)));
    const tunnel = tunnelStatus(context);
    const metrics = await metricsOf(context, STATUS_WINDOW_MINUTES);
    const database: Status['database'] = integrations.length === 0 ? { state: 'not_configured' }
      : integrations.find((item) => item.database.state !== 'ok')?.database ?? { state: 'ok' };
    const exportedUrl = await context.settings.get(EXPORTED_URL_SETTING);
    // Entries the request log dropped since the start (they could not be stored); 0 in a healthy bridge.
    const requestLog = { dropped: context.requestLog.dropped };
    // Talkdesk calls this process is answering or holding now (an update waits until there are none).
    const calls = { inFlight: profile.integrations.reduce((sum, integration) => {
      const runtime = context.runtime(integration.id);
      if (!runtime) return sum;
      const lookups = runtime.admission.load;
      const syncs = runtime.syncAdmission.load;
      return sum + lookups.running + lookups.waiting + syncs.running + syncs.waiting;
    }, 0) };
    return { database, tunnel, integrations, metrics, requestLog, calls, firstRun: await isFirstRun(context), alerts: alertsFor(integrations, tunnel, exportedUrl, metrics) };
  };
}

/** Only the demo integration, and Talkdesk has not called yet: the dashboard says what to do next. */
async function isFirstRun(context: BridgeContext): Promise<boolean> {
  const ids = context.profile().integrations.map((integration) => integration.id);
  if (ids.length !== 1 || ids[0] !== DEMO_INTEGRATION_ID) return false;
  return (await context.requestLog.list({ talkdeskOnly: true, withoutBodies: true, limit: 1 })).length === 0;
}

async function metricsOf(context: BridgeContext, minutes: number, integration?: string): Promise<Metrics> {
  return computeMetrics(await context.requestLog.list({ integration, withoutBodies: true, limit: 5000 }), Date.now(), minutes);
}

export function statusRoutes(context: BridgeContext, status = statusReporter(context)): Router {
  const router = Router();

  router.get('/status', async (_request, response) => {
    response.json(await status());
  });

  router.get('/metrics', async (request, response) => {
    const query = parseOrThrow(metricsQuerySchema, request.query, 'invalid_request', 'The query is not valid');
    response.json(await metricsOf(context, query.minutes, query.integration));
  });

  /** Per-minute figures for the dashboard's charts (requests per minute, p95 latency) and the window's failures by error code. */
  router.get('/metrics/series', async (request, response) => {
    const query = parseOrThrow(metricsQuerySchema, request.query, 'invalid_request', 'The query is not valid');
    const minutes = Math.min(query.minutes, 180);
    const entries = await context.requestLog.list({ integration: query.integration, withoutBodies: true, limit: 5000 });
    const now = Date.now();
    response.json({ minutes: computeSeries(entries, now, minutes), errorCodes: computeErrorCodes(entries, now, minutes) });
  });

  router.get('/sync-runs', async (request, response) => {
    const integration = typeof request.query.integration === 'string' ? request.query.integration : undefined;
    response.json({ runs: await context.syncRuns.list(integration, 50) });
  });

  return router;
}
